using Lakehouse.Hub.Data;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Security;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Users;

/// <summary>Server-side sessions: the cookie holds a random id, the database its hash, so a logout ends it everywhere.</summary>
public sealed class SessionService(HubDatabase database, IOptionsMonitor<HubOptions> options, TimeProvider time)
{
    // Every request with a cookie runs it: built once.
    private static readonly string FindUserSql = UserGroups.Sql(
        "SELECT users.* FROM sessions JOIN users ON sessions.user_id = users.id WHERE sessions.id_hash = @id_hash AND sessions.expires_at > @now");

    /// <summary>Creates a session for the user; returns the cookie value (shown nowhere else) and its expiry.</summary>
    public async Task<(string Id, DateTimeOffset Expires)> CreateAsync(int userId, CancellationToken cancellationToken)
    {
        var id = Secrets.NewValue();
        var now = time.GetUtcNow();
        var expires = now + options.CurrentValue.SessionLifetime;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand(
            "INSERT INTO sessions (id_hash, user_id, created, expires_at) VALUES (@id_hash, @user_id, @created, @expires_at)");
        insert.AddParameter("@id_hash", SecretTokens.Hash(id)).AddParameter("@user_id", userId)
            .AddParameter("@created", now.UtcDateTime).AddParameter("@expires_at", expires.UtcDateTime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return (id, expires);
    }

    /// <summary>The user of a live session, or null.</summary>
    public async Task<User?> FindUserAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand(FindUserSql);
        select.AddParameter("@id_hash", SecretTokens.Hash(id)).AddParameter("@now", time.GetUtcNow().UtcDateTime);
        return (await UserGroups.ReadAsync(select, cancellationToken)).FirstOrDefault();
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand("DELETE FROM sessions WHERE id_hash = @id_hash");
        delete.AddParameter("@id_hash", SecretTokens.Hash(id));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand("DELETE FROM sessions WHERE expires_at <= @now");
        delete.AddParameter("@now", time.GetUtcNow().UtcDateTime);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
