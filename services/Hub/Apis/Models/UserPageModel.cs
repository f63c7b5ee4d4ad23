using System.Text.Json.Serialization;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>
/// A page of <c>GET /hub/api/users</c> when the client accepts JupyterHub's paginated media type:
/// <c>{"items": [...], "_pagination": {"offset", "limit", "total", "next"}}</c>.
/// </summary>
public sealed record UserPageModel(List<UserModel> Items, [property: JsonPropertyName("_pagination")] UserPageModel.Pagination Page)
{
    public sealed record Pagination(int Offset, int Limit, int? Total, NextPage? Next);

    /// <summary>Where the next page starts; JupyterHub also gives its URL, which this hub leaves null.</summary>
    public sealed record NextPage(int Offset, int Limit, string? Url);
}
