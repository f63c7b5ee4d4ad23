namespace Lakehouse.Hub.Authentication;

/// <summary>
/// Looks a user up by name without their password: how the hub learns the POSIX identity of a user who was created
/// through the API and never logged in, so that an admin can start their server.
/// </summary>
public interface IUserDirectory
{
    /// <param name="username">A name that already passed the username rule (lowercase).</param>
    Task<UserLookupResult> FindAsync(string username, CancellationToken cancellationToken);
}
