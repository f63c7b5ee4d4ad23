using System.Data.Common;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Security;
using Lakehouse.ServiceDefaults.Security;

namespace Lakehouse.Hub.Users;

/// <summary>API tokens: the secret is returned once, at creation; only its SHA-256 is stored.</summary>
public sealed class ApiTokenService(HubDatabase database, TimeProvider time)
{
    private const int PrefixLength = 4;

    // Writing last_used on every request would turn reads into writes; a minute's precision is enough.
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    // Every request with a token runs it: built once.
    private static readonly string OwnerSql = UserGroups.Sql("SELECT * FROM users WHERE id = @id");

    public async Task<(ApiToken Token, string Secret)> CreateAsync(
        User user, string? note, IReadOnlyList<string>? scopes, TimeSpan? expiresIn, CancellationToken cancellationToken)
    {
        var secret = Secrets.NewValue();
        var now = time.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            Hash = SecretTokens.Hash(secret),
            Prefix = secret[..PrefixLength],
            UserId = user.Id,
            User = user,
            Note = note ?? string.Empty,
            Scopes = string.Join(' ', scopes is { Count: > 0 } ? scopes : [Scopes.Inherit]),
            CreatedAt = now,
            ExpiresAt = expiresIn is { } e ? now + e : null,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand("""
            INSERT INTO api_tokens (hash, prefix, user_id, note, scopes, created, expires_at)
            VALUES (@hash, @prefix, @user_id, @note, @scopes, @created, @expires_at)
            RETURNING id
            """);
        insert.AddParameter("@hash", token.Hash).AddParameter("@prefix", token.Prefix).AddParameter("@user_id", token.UserId)
            .AddParameter("@note", token.Note).AddParameter("@scopes", token.Scopes)
            .AddParameter("@created", token.CreatedAt).AddParameter("@expires_at", token.ExpiresAt);
        token.Id = await insert.ExecuteInt32Async(cancellationToken);
        return (token, secret);
    }

    /// <summary>A valid, unexpired token with its owner (and the owner's groups), or null.</summary>
    public async Task<ApiToken?> FindBySecretAsync(string secret, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(cancellationToken);
        ApiToken? token;
        await using (var select = TokensCommand(connection, "hash = @hash"))
        {
            select.AddParameter("@hash", SecretTokens.Hash(secret));
            token = (await ReadTokensAsync(select, cancellationToken)).FirstOrDefault();
        }

        if (token is null || token.ExpiresAt <= now)
        {
            return null;
        }

        await using (var owner = connection.CreateCommand(OwnerSql))
        {
            owner.AddParameter("@id", token.UserId);
            if ((await UserGroups.ReadAsync(owner, cancellationToken)).FirstOrDefault() is not { } user)
            {
                return null;
            }

            token.User = user;
        }

        if (token.LastUsed is null || now - token.LastUsed >= LastUsedPrecision)
        {
            token.LastUsed = now;
            await using var update = connection.CreateCommand("UPDATE api_tokens SET last_used = @now WHERE id = @id");
            update.AddParameter("@now", now).AddParameter("@id", token.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return token;
    }

    public async Task<List<ApiToken>> ListAsync(int userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = TokensCommand(connection, "user_id = @user_id ORDER BY id");
        select.AddParameter("@user_id", userId);
        return await ReadTokensAsync(select, cancellationToken);
    }

    public async Task<ApiToken?> FindAsync(int userId, int tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = TokensCommand(connection, "user_id = @user_id AND id = @id");
        select.AddParameter("@user_id", userId).AddParameter("@id", tokenId);
        return (await ReadTokensAsync(select, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> DeleteAsync(int userId, int tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand("DELETE FROM api_tokens WHERE user_id = @user_id AND id = @id");
        delete.AddParameter("@user_id", userId).AddParameter("@id", tokenId);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static DbCommand TokensCommand(DbConnection connection, string condition) =>
        connection.CreateCommand($"SELECT id, hash, prefix, user_id, note, scopes, created, expires_at, last_used FROM api_tokens WHERE {condition}");

    private static async Task<List<ApiToken>> ReadTokensAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var tokens = new List<ApiToken>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiToken
            {
                Id = reader.GetInt32(0),
                Hash = reader.GetString(1),
                Prefix = reader.GetString(2),
                UserId = reader.GetInt32(3),
                Note = reader.GetString(4),
                Scopes = reader.GetString(5),
                CreatedAt = reader.GetUtcDateTime(6),
                ExpiresAt = reader.GetUtcDateTimeOrNull(7),
                LastUsed = reader.GetUtcDateTimeOrNull(8),
            });
        }

        return tokens;
    }

    /// <summary>JupyterHub names API tokens <c>a{id}</c>.</summary>
    public static string PublicId(ApiToken token) => $"a{token.Id}";

    public static bool TryParsePublicId(string id, out int tokenId)
    {
        tokenId = 0;
        return id.Length > 1 && id[0] == 'a' && int.TryParse(id.AsSpan(1), System.Globalization.NumberStyles.None, null, out tokenId);
    }
}
