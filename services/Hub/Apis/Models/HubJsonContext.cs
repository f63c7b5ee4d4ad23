using System.Text.Json;
using System.Text.Json.Serialization;
using Lakehouse.ServiceDefaults.Json;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>
/// Serialization code generated at build time for everything the hub's API reads and writes. The hub is compiled
/// ahead of time, where System.Text.Json has no reflection: a type missing here fails at run time. Its settings are
/// the API's (snake_case, nulls shown), so the JSON is the same as with the API's options, which also resolve through it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(VersionModel))]
[JsonSerializable(typeof(InfoModel))]
[JsonSerializable(typeof(ServiceCallerModel))]
[JsonSerializable(typeof(UserModel))]
[JsonSerializable(typeof(List<UserModel>))]
[JsonSerializable(typeof(UserPageModel))]
[JsonSerializable(typeof(GroupModel))]
[JsonSerializable(typeof(List<GroupModel>))]
[JsonSerializable(typeof(TokenModel))]
[JsonSerializable(typeof(TokenListModel))]
[JsonSerializable(typeof(ProgressModel))]
[JsonSerializable(typeof(AuthorizeResponse))]
[JsonSerializable(typeof(SparkUiSessionResponse))]
[JsonSerializable(typeof(CreateUsersRequest))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(GroupUsersRequest))]
[JsonSerializable(typeof(SparkUiSessionRequest))]
[JsonSerializable(typeof(AuthorizeRequest))]
[JsonSerializable(typeof(Dictionary<string, DateTimeOffset>))]
internal sealed partial class HubJsonContext : JsonSerializerContext;

/// <summary>The instance for answers: the same settings, with ASP.NET Core's encoder for response bodies.</summary>
internal sealed partial class HubJsonContext
{
    // Lazily: the generated Default is initialized in another part of this class, in an order C# does not define.
    private static readonly Lazy<HubJsonContext> ResponsesInstance = new(CreateResponses);

    public static HubJsonContext Responses => ResponsesInstance.Value;

    private static HubJsonContext CreateResponses() => new(ResponseJson.OptionsLike(Default.Options));
}
