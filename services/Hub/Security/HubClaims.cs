namespace Lakehouse.Hub.Security;

/// <summary>Claims the hub's authentication handler puts on a caller.</summary>
public static class HubClaims
{
    public const string Scheme = "Hub";

    /// <summary><c>user</c>, or <c>service</c> for the operator's token.</summary>
    public const string Kind = "hub:kind";

    public const string Admin = "hub:admin";

    /// <summary><c>cookie</c> or <c>token</c>: a cookie caller must prove a write with the CSRF token.</summary>
    public const string Method = "hub:method";

    public const string UserKind = "user";
    public const string ServiceKind = "service";
    public const string CookieMethod = "cookie";
    public const string TokenMethod = "token";

    /// <summary>The name the operator token acts under.</summary>
    public const string OperatorName = "operator";
}
