using System.Text.Json;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// The authorization-code flow with PKCE (S256), <c>state</c> and <c>nonce</c>: <see cref="StartLoginAsync"/>
/// builds the redirect to the provider and the encrypted login cookie; <see cref="CompleteLoginAsync"/> checks the
/// callback against that cookie, redeems the code, validates the ID token and reads the user from its claims.
/// Also refresh and the provider's end-session URL. Tokens, codes and secrets are never logged.
/// </summary>
public sealed partial class OidcAuthenticator(
    OidcMetadata metadata,
    OidcTokenClient tokenClient,
    OidcIdTokenValidator idTokens,
    IOptions<OidcOptions> options,
    TimeProvider time,
    ILogger<OidcAuthenticator> logger)
{
    private const string LoginStatePurpose = "oidc-login-state";

    private readonly AuthStateProtector _loginStateProtector = new(options.Value.AuthStateKey!, LoginStatePurpose);

    public async Task<OidcLoginStart> StartLoginAsync(string redirectUri, string next, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var configuration = await metadata.GetAsync(cancellationToken);
        var state = new OidcLoginState(Secrets.NewValue(), Secrets.NewValue(), Secrets.NewValue(), redirectUri, next, time.GetUtcNow());
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = settings.ClientId!,
            ["redirect_uri"] = redirectUri,
            ["scope"] = string.Join(' ', settings.Scopes),
            ["state"] = state.State,
            ["nonce"] = state.Nonce,
            ["code_challenge"] = OidcSecrets.S256Challenge(state.CodeVerifier),
            ["code_challenge_method"] = "S256",
        };
        var endpoint = configuration.AuthorizationEndpoint;
        var url = endpoint + (endpoint.Contains('?') ? "&" : "?") + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return new OidcLoginStart(url, _loginStateProtector.Protect(JsonSerializer.Serialize(state, OidcJsonContext.Default.OidcLoginState), LoginStatePurpose));
    }

    /// <param name="stateCookie">The login cookie set by <see cref="StartLoginAsync"/>.</param>
    /// <param name="state">The callback's <c>state</c>.</param>
    /// <param name="code">The callback's <c>code</c>.</param>
    /// <param name="error">The callback's <c>error</c>, when the provider refused.</param>
    /// <param name="issuer">The callback's <c>iss</c> (RFC 9207), when the provider sends one.</param>
    /// <exception cref="InvalidOperationException">The provider's discovery document could not be read.</exception>
    public async Task<OidcLoginResult> CompleteLoginAsync(
        string? stateCookie, string? state, string? code, string? error, string? issuer, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var login = _loginStateProtector.Unprotect(stateCookie, LoginStatePurpose) is { } json ? JsonSerializer.Deserialize(json, OidcJsonContext.Default.OidcLoginState) : null;
        if (login is null || time.GetUtcNow() - login.StartedAt > settings.LoginTimeout)
        {
            LogRefused(logger, "no login in progress or it expired");
            return OidcLoginResult.Fail("This login is unknown or has expired. Start again.");
        }

        if (!Secrets.FixedTimeEquals(state, login.State))
        {
            LogRefused(logger, "state mismatch");
            return OidcLoginResult.Fail("This login's state does not match the one this browser started. Start again.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            LogProviderError(logger, error);
            return OidcLoginResult.Fail($"The identity provider refused the login ({error}).");
        }

        if (string.IsNullOrEmpty(code))
        {
            LogRefused(logger, "no code");
            return OidcLoginResult.Fail("The identity provider sent no authorization code.");
        }

        var configuration = await metadata.GetAsync(cancellationToken);
        // RFC 9207: a response that names another issuer was meant for another provider (mix-up attack).
        if (issuer is not null && issuer != (settings.Issuer ?? configuration.Issuer))
        {
            LogRefused(logger, "the authorization response names another issuer");
            return OidcLoginResult.Fail("Login refused: the answer came from another identity provider.");
        }

        var response = await tokenClient.RedeemCodeAsync(configuration.TokenEndpoint, code, login.RedirectUri, login.CodeVerifier, cancellationToken);
        if (!response.Succeeded)
        {
            // invalid_grant: a used, expired or foreign code, or a PKCE verifier that does not match.
            LogTokenEndpointError(logger, response.Error ?? "no access token", response.ErrorDescription);
            return OidcLoginResult.Fail($"The identity provider did not accept this login's code ({response.Error ?? "no access token"}). Start again.");
        }

        if (response.IdToken is null)
        {
            LogRefused(logger, "no ID token");
            return OidcLoginResult.Fail("The identity provider sent no ID token (is the 'openid' scope allowed for this client?).");
        }

        var (claims, invalid) = await idTokens.ValidateAsync(response.IdToken, login.Nonce, cancellationToken);
        if (claims is null)
        {
            LogRefused(logger, invalid!);
            return OidcLoginResult.Fail($"Login refused: {invalid}.");
        }

        var (user, refusal) = OidcUserClaims.Read(claims.Value, settings);
        if (user is null)
        {
            LogRefused(logger, refusal!);
            return OidcLoginResult.Fail(refusal!);
        }

        LogLoggedIn(logger, user.Name, user.Uid is not null);
        return new OidcLoginResult(user, Tokens(response, null), login.Next, null);
    }

    /// <summary>New tokens from the refresh token, or null when there is none or the provider refused it (the login ended there).</summary>
    public async Task<OidcTokens?> RefreshAsync(string user, OidcTokens tokens, CancellationToken cancellationToken)
    {
        if (tokens.RefreshToken is null)
        {
            return null;
        }

        var configuration = await metadata.GetAsync(cancellationToken);
        var response = await tokenClient.RefreshAsync(configuration.TokenEndpoint, tokens.RefreshToken, cancellationToken);
        if (!response.Succeeded)
        {
            LogRefreshFailed(logger, user, response.Error ?? "no access token");
            return null;
        }

        LogRefreshed(logger, user);
        return Tokens(response, tokens);
    }

    /// <summary>The provider's end-session URL (RP-initiated logout) with <c>id_token_hint</c>, or null when it has none.</summary>
    public async Task<string?> EndSessionUrlAsync(string? idToken, string postLogoutRedirectUri, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await metadata.GetAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
        {
            return null;
        }

        var query = new Dictionary<string, string?>
        {
            ["client_id"] = options.Value.ClientId,
            ["post_logout_redirect_uri"] = postLogoutRedirectUri,
            ["id_token_hint"] = idToken,
        };
        var endpoint = configuration.EndSessionEndpoint;
        return endpoint + (endpoint.Contains('?') ? "&" : "?")
            + string.Join('&', query.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    private OidcTokens Tokens(OidcTokenClient.Response response, OidcTokens? previous) => new(
        response.AccessToken!,
        // A provider may keep the refresh token (no rotation) or keep the first ID token.
        response.RefreshToken ?? previous?.RefreshToken,
        response.IdToken ?? previous?.IdToken,
        response.ExpiresIn is { } seconds ? time.GetUtcNow().AddSeconds(seconds) : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC login refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC login refused by the provider: {Error}")]
    private static partial void LogProviderError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC token endpoint refused the code: {Error} {Description}")]
    private static partial void LogTokenEndpointError(ILogger logger, string error, string? description);

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC login of {User} (POSIX identity from the provider: {HasIdentity})")]
    private static partial void LogLoggedIn(ILogger logger, string user, bool hasIdentity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the OIDC tokens of {User}")]
    private static partial void LogRefreshed(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the OIDC tokens of {User} failed: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string user, string error);
}
