namespace Lakehouse.Hub.Authentication;

/// <summary>
/// Who logged in, with the POSIX identity their server runs under: the shape of the platform's <c>UserIdentity</c>
/// (<c>name</c>, <c>uid</c>, <c>gid</c>, <c>groups</c>, <c>admin</c>).
/// </summary>
/// <param name="Name">The normalized login name.</param>
/// <param name="Uid">uidNumber; null when the identity source gives none (an OIDC provider without uid claims), in
/// which case the hub keeps what it knew and looks the user up in its directory at spawn.</param>
/// <param name="Gid">gidNumber: the primary group; null together with <paramref name="Uid"/>.</param>
/// <param name="Groups">Every group the user is in, the primary one included, ordered by name.</param>
/// <param name="Admin">Whether the user is in one of the configured admin groups.</param>
public sealed record AuthenticatedUser(string Name, int? Uid, int? Gid, IReadOnlyList<UserGroup> Groups, bool Admin)
{
    /// <summary>
    /// When true, <see cref="Admin"/> is authoritative: a user outside the admin groups loses admin at this login (as
    /// JupyterHub's authenticators do when admin groups are managed). When false, admin can only be granted here.
    /// </summary>
    public bool AdminFromGroups { get; init; }
}

/// <summary>A POSIX group: its cn and gidNumber.</summary>
public sealed record UserGroup(string Name, int Gid);
