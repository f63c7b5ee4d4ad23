using System.Security.Claims;

namespace Lakehouse.Hub.Security;

/// <summary>Who made a request, as the authentication handler found it.</summary>
public sealed record HubCaller(string Name, bool IsAdmin, bool IsService, bool ViaCookie)
{
    public static HubCaller? From(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { } name }
            ? new HubCaller(
                name,
                principal.HasClaim(HubClaims.Admin, "true"),
                principal.HasClaim(HubClaims.Kind, HubClaims.ServiceKind),
                principal.HasClaim(HubClaims.Method, HubClaims.CookieMethod))
            : null;

    /// <summary>A user may act on themselves; admins and the operator on everyone.</summary>
    public bool MayActOn(string userName) => IsAdmin || (!IsService && Name == userName);
}
