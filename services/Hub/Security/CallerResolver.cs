using Lakehouse.Hub.Data;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Users;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Security;

/// <summary>
/// Who a credential belongs to: the operator's token, a user's API token or a session cookie, with the caller's
/// roles, groups and scopes computed once. The authentication handler and the route controller's authorize
/// endpoint both ask here, so a request is judged the same way on either path.
/// </summary>
public sealed class CallerResolver(
    IOptionsMonitor<PlatformOptions> platform, ApiTokenService tokens, SessionService sessions, ScopeResolver resolver)
{
    /// <summary>The caller of a presented token; null when it is unknown or expired.</summary>
    public async Task<HubCaller?> FromTokenAsync(string presented, CancellationToken cancellationToken)
    {
        if (Secrets.FixedTimeEquals(presented, platform.CurrentValue.ApiToken))
        {
            return HubCaller.Operator;
        }

        return await tokens.FindBySecretAsync(presented, cancellationToken) is { } token ? Of(token.User, token) : null;
    }

    /// <summary>The caller of a session cookie; null when the session is unknown or expired.</summary>
    public async Task<HubCaller?> FromSessionAsync(string session, CancellationToken cancellationToken) =>
        await sessions.FindUserAsync(session, cancellationToken) is { } user ? Of(user, null) : null;

    private HubCaller Of(User user, ApiToken? token)
    {
        var groups = ScopeResolver.GroupsOf(user);
        var roles = resolver.RolesOf(user, groups);
        return new HubCaller(user.Name, IsService: false, ViaCookie: token is null, user.Admin, roles, resolver.EffectiveScopes(user.Name, roles, groups, token), groups);
    }
}
