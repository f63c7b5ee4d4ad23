using Lakehouse.Hub.Data;
using Lakehouse.Hub.Security;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace Lakehouse.Hub.Users;

/// <summary>API tokens: the secret is returned once, at creation; only its SHA-256 is stored.</summary>
public sealed class ApiTokenService(IDbContextFactory<HubDbContext> contexts, TimeProvider time)
{
    private const int PrefixLength = 4;

    // Writing last_used on every request would turn reads into writes; a minute's precision is enough.
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

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
            Note = note ?? string.Empty,
            Scopes = string.Join(' ', scopes is { Count: > 0 } ? scopes : [Scopes.Inherit]),
            CreatedAt = now,
            ExpiresAt = expiresIn is { } e ? now + e : null,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// <summary>A valid, unexpired token with its owner (and the owner's groups), or null.</summary>
    public async Task<ApiToken?> FindBySecretAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.Hash(secret);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (token is null || token.ExpiresAt <= now
            || (await UserGroups.ReadAsync(db, db.Users.Where(u => u.Id == token.UserId), cancellationToken)).FirstOrDefault() is not { } owner)
        {
            return null;
        }

        token.User = owner;
        if (token.LastUsed is null || now - token.LastUsed >= LastUsedPrecision)
        {
            token.LastUsed = now;
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsed, now), cancellationToken);
        }

        return token;
    }

    public async Task<List<ApiToken>> ListAsync(int userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }

    public async Task<ApiToken?> FindAsync(int userId, int tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.UserId == userId && t.Id == tokenId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(int userId, int tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.UserId == userId && t.Id == tokenId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>JupyterHub names API tokens <c>a{id}</c>.</summary>
    public static string PublicId(ApiToken token) => $"a{token.Id}";

    public static bool TryParsePublicId(string id, out int tokenId)
    {
        tokenId = 0;
        return id.Length > 1 && id[0] == 'a' && int.TryParse(id.AsSpan(1), System.Globalization.NumberStyles.None, null, out tokenId);
    }
}
