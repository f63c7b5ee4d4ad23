namespace Lakehouse.Hub.Authentication;

/// <summary>
/// For identity sources that cannot be asked about a user without them (an OpenID provider): the identity comes
/// only from a login.
/// </summary>
public sealed class NoUserDirectory : IUserDirectory
{
    public Task<UserLookupResult> FindAsync(string username, CancellationToken cancellationToken) =>
        Task.FromResult(UserLookupResult.Fail(
            UserLookupFailure.NotFound,
            $"{username} has no POSIX identity yet and the identity provider cannot be asked for it: {username} must log in once before a server can start."));
}
