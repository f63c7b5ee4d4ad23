using System.Text.Json.Serialization;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>JupyterHub's token model; <see cref="Token"/> (the secret) is set only in the answer that created it.</summary>
public sealed record TokenModel(
    string Id,
    string Kind,
    string User,
    string Prefix,
    string Note,
    IReadOnlyList<string> Scopes,
    DateTime Created,
    DateTime? ExpiresAt,
    DateTime? LastActivity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null)
{
    public static TokenModel From(ApiToken token, string userName, string? secret = null) => new(
        ApiTokenService.PublicId(token),
        "api_token",
        userName,
        token.Prefix,
        token.Note,
        token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        token.CreatedAt,
        token.ExpiresAt,
        token.LastUsed,
        secret);
}
