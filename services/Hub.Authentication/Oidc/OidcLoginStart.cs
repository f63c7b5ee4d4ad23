namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>A login started: send the browser to <see cref="AuthorizationUrl"/> and set <see cref="StateCookie"/>.</summary>
public sealed record OidcLoginStart(string AuthorizationUrl, string StateCookie);
