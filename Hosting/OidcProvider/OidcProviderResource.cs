namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// The local OpenID provider (the npm oidc-provider server of <c>tools/oidc-provider</c>, run by node): what
/// <c>--identity oidc</c> logs in against instead of Keycloak, which cannot run here. Run mode only.
/// </summary>
public sealed class OidcProviderResource(string name, string workingDirectory, ParameterResource clientSecret)
    : ExecutableResource(name, "node", workingDirectory)
{
    public const string ClientId = "jupyterhub";

    internal const string PrimaryEndpointName = "http";

    /// <summary>The client's secret, shared with the hub.</summary>
    public ParameterResource ClientSecretParameter { get; } = clientSecret;

    /// <summary>The issuer, <c>http://127.0.0.1:{port}</c>.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);
}
