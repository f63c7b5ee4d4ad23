using System.Text.Json;
using System.Text.Json.Serialization;
using Lakehouse.RouteController.Access;
using Lakehouse.RouteController.Apis;
using Lakehouse.RouteController.Proxy;
using Lakehouse.ServiceDefaults.Json;

namespace Lakehouse.RouteController;

/// <summary>
/// Source-generated JSON of what the route controller writes and reads itself: its questions to the hub and their
/// answers, the activity report, the route list and its JupyterHub-style errors. In the contracts' shape
/// (<see cref="Contracts.ContractJson"/>); the route list and the authorize question set their null handling per field.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthorizeRequest))]
[JsonSerializable(typeof(AccessDecision))]
[JsonSerializable(typeof(SparkUiLogin.SessionRequest))]
[JsonSerializable(typeof(SparkUiLogin.SessionGrant))]
[JsonSerializable(typeof(Dictionary<string, DateTime>))]
[JsonSerializable(typeof(SortedDictionary<string, RouteEntry>))]
[JsonSerializable(typeof(ProxyAnswers.ProxyError))]
internal sealed partial class RouteControllerJsonContext : JsonSerializerContext;

/// <summary>The instance for answers: the same settings, with ASP.NET Core's encoder for response bodies.</summary>
internal sealed partial class RouteControllerJsonContext
{
    // Lazily: the generated Default is initialized in another part of this class, in an order C# does not define.
    private static readonly Lazy<RouteControllerJsonContext> ResponsesInstance = new(CreateResponses);

    public static RouteControllerJsonContext Responses => ResponsesInstance.Value;

    private static RouteControllerJsonContext CreateResponses() => new(ResponseJson.OptionsLike(Default.Options));
}
