using Lakehouse.Hub.Data;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Security;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Users;

/// <summary>Server-side sessions: the cookie holds a random id, the database its hash, so a logout ends it everywhere.</summary>
public sealed class SessionService(IDbContextFactory<HubDbContext> contexts, IOptionsMonitor<HubOptions> options, TimeProvider time)
{
    /// <summary>Creates a session for the user; returns the cookie value (shown nowhere else) and its expiry.</summary>
    public async Task<(string Id, DateTimeOffset Expires)> CreateAsync(int userId, CancellationToken cancellationToken)
    {
        var id = Secrets.NewValue();
        var now = time.GetUtcNow();
        var expires = now + options.CurrentValue.SessionLifetime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Sessions.Add(new Session { IdHash = SecretTokens.Hash(id), UserId = userId, CreatedAt = now.UtcDateTime, ExpiresAt = expires.UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return (id, expires);
    }

    /// <summary>The user of a live session, or null.</summary>
    public async Task<User?> FindUserAsync(string id, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.Hash(id);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Sessions.Where(s => s.IdHash == hash && s.ExpiresAt > now).Select(s => s.User);
        return (await UserGroups.ReadAsync(db, users, cancellationToken)).FirstOrDefault();
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.Hash(id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.IdHash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
