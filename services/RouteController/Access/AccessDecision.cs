namespace Lakehouse.RouteController.Access;

/// <summary>
/// The hub's answer to <c>POST /hub/api/internal/authorize</c>: allowed (owner or admin); not allowed with a user
/// (authenticated, someone else's server: 403); not allowed without one (anonymous: login or 401).
/// </summary>
public sealed record AccessDecision(bool Allowed, string? User, bool Admin = false)
{
    public bool IsAnonymous => !Allowed && User is null;
}
