using Lakehouse.Contracts;
using Lakehouse.Hub.Data;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>JupyterHub's user model.</summary>
public sealed record UserModel(
    string Kind,
    string Name,
    bool Admin,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups,
    string? Server,
    string? Pending,
    DateTime Created,
    DateTime? LastActivity,
    IReadOnlyDictionary<string, ServerModel> Servers,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? Scopes = null)
{
    private static readonly IReadOnlyDictionary<string, ServerModel> NoServers = new Dictionary<string, ServerModel>().AsReadOnly();

    public static string PublicUrl(string name) => $"/user/{name}/";

    public static string ProgressUrl(string name) => $"/hub/api/users/{name}/server/progress";

    public static UserModel From(User user, ServerStatus? status, IReadOnlyList<string> roles)
    {
        var server = status is { State: ServerState.Pending or ServerState.Running or ServerState.Stopping } s ? ToServer(user, s) : null;
        return new UserModel(
            "user",
            user.Name,
            user.Admin,
            roles,
            user.Memberships.Count == 0 ? [] : user.Memberships.Select(m => m.Group.Name).Order(StringComparer.Ordinal).ToList(),
            server is { Ready: true } ? server.Url : null,
            server?.Pending,
            user.CreatedAt,
            Latest(user.LastActivity, status?.LastActivity?.UtcDateTime),
            server is null ? NoServers : new Dictionary<string, ServerModel> { [""] = server });
    }

    private static ServerModel ToServer(User user, ServerStatus status) => new(
        "",
        status.State == ServerState.Running,
        status.State switch { ServerState.Pending => "spawn", ServerState.Stopping => "stop", _ => null },
        PublicUrl(user.Name),
        ProgressUrl(user.Name),
        status.StartedAt?.UtcDateTime,
        Latest(user.LastActivity, status.LastActivity?.UtcDateTime),
        false);

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
