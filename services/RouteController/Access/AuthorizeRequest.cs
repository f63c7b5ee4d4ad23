using System.Text.Json.Serialization;

namespace Lakehouse.RouteController.Access;

/// <summary>
/// The body of <c>POST /hub/api/internal/authorize</c>: which server, and the credentials the request showed. Absent
/// credentials are sent as explicit nulls, as the contract writes them.
/// </summary>
public sealed record AuthorizeRequest(
    string Server,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Cookie,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Token);
