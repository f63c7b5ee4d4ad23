using System.Text.Json;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Authentication.Oidc;
using Lakehouse.Hub.Data;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Oidc;

/// <summary>
/// The users' OIDC tokens in the hub database, encrypted (AES-GCM under <c>Authentication:Oidc:AuthStateKey</c>,
/// bound to the user's name), refreshed when the access token is stale.
/// </summary>
public sealed partial class AuthStateStore(
    HubDatabase database,
    IOptions<OidcOptions> options,
    IOptions<AuthenticationProviderOptions> provider,
    IServiceProvider services,
    TimeProvider time,
    ILogger<AuthStateStore> logger)
{
    private const string Purpose = "auth-state";

    private readonly Lazy<AuthStateProtector> _protector = new(() => new AuthStateProtector(options.Value.AuthStateKey!, Purpose));

    private const int RefreshGateCount = 64;

    // One refresh at a time per user: two requests of one user must not both spend a (rotating) refresh token. The
    // gates are striped by name, so that a slow provider answer for one user does not hold up everyone else's.
    private readonly SemaphoreSlim[] _refreshGates = [.. Enumerable.Range(0, RefreshGateCount).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task SaveAsync(User user, OidcTokens tokens, CancellationToken cancellationToken)
    {
        var encrypted = _protector.Value.Protect(JsonSerializer.Serialize(tokens, OidcJsonContext.Default.OidcTokens), user.Name);
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.CreateCommand("""
            INSERT INTO auth_states (user_id, encrypted, updated) VALUES (@user_id, @encrypted, @updated)
            ON CONFLICT (user_id) DO UPDATE SET encrypted = excluded.encrypted, updated = excluded.updated
            """);
        upsert.AddParameter("@user_id", user.Id).AddParameter("@encrypted", encrypted).AddParameter("@updated", now);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored tokens, or null when there are none or they do not decrypt (another key, another user's row).</summary>
    public async Task<OidcTokens?> LoadAsync(User user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand("SELECT encrypted FROM auth_states WHERE user_id = @user_id");
        select.AddParameter("@user_id", user.Id);
        var encrypted = await select.ExecuteScalarAsync(cancellationToken) as string;
        return _protector.Value.Unprotect(encrypted, user.Name) is { } json ? JsonSerializer.Deserialize(json, OidcJsonContext.Default.OidcTokens) : null;
    }

    public async Task DeleteAsync(User user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand("DELETE FROM auth_states WHERE user_id = @user_id");
        delete.AddParameter("@user_id", user.Id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Tokens whose access token is not stale: refreshed through the provider when it is (and stored again). Null when
    /// the user has no tokens or the refresh was refused; the tokens are then dropped, so the user must log in again.
    /// </summary>
    public async Task<OidcTokens?> GetFreshAsync(User user, CancellationToken cancellationToken)
    {
        var refreshGate = _refreshGates[(int)((uint)StringComparer.Ordinal.GetHashCode(user.Name) % RefreshGateCount)];
        await refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (await LoadAsync(user, cancellationToken) is not { } tokens)
            {
                return null;
            }

            if (!tokens.IsStale(time.GetUtcNow(), options.Value.RefreshMargin))
            {
                return tokens;
            }

            OidcTokens? refreshed;
            try
            {
                refreshed = await services.GetRequiredService<OidcAuthenticator>().RefreshAsync(user.Name, tokens, cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                // The provider is unreachable: the tokens may still be good later, so they are kept.
                LogProviderUnavailable(logger, user.Name, e.Message);
                return null;
            }

            if (refreshed is null)
            {
                await DeleteAsync(user, cancellationToken);
                return null;
            }

            await SaveAsync(user, refreshed, cancellationToken);
            return refreshed;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    /// <summary>
    /// What the user's server gets from the login when the operator passes access tokens on: the variable with a fresh
    /// token. Null when tokens are not passed; an empty map never (a refused refresh gives null with <paramref name="loginExpired"/>).
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, string>? Environment, bool LoginExpired)> ServerEnvironmentAsync(User user, CancellationToken cancellationToken)
    {
        if (!provider.Value.IsOidc || !options.Value.PassAccessTokenToServer)
        {
            return (null, false);
        }

        var tokens = await GetFreshAsync(user, cancellationToken);
        if (tokens is null)
        {
            LogNoToken(logger, user.Name);
            return (null, true);
        }

        return (new Dictionary<string, string> { [options.Value.AccessTokenEnvironmentVariable] = tokens.AccessToken }, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The OpenID provider could not refresh the tokens of {User}: {Error}")]
    private static partial void LogProviderUnavailable(ILogger logger, string user, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{User} has no valid OIDC tokens to pass to their server; they must log in again")]
    private static partial void LogNoToken(ILogger logger, string user);
}
