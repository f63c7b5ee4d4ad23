namespace Lakehouse.Hub.Apis.Models;

/// <summary><c>GET /hub/api/users/{name}/tokens</c>: <c>{"api_tokens": [...]}</c>.</summary>
public sealed record TokenListModel(List<TokenModel> ApiTokens);
