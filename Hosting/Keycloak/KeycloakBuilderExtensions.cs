using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

public static class KeycloakBuilderExtensions
{
    private const int HttpPort = 8080;
    private const int ManagementPort = 9000;

    /// <summary>
    /// Adds Keycloak (<c>quay.io/keycloak/keycloak</c>) as Aspire's <c>AddKeycloak</c> does: HTTP on 8080, health
    /// on the management port 9000 (<c>/health/ready</c>), the bootstrap admin's password from a secret parameter
    /// (<c>{name}-admin-password</c> when not given), <c>start --import-realm</c>, and its data on a volume, so a
    /// cluster gets a StatefulSet. Published only: in run mode it is not started.
    /// </summary>
    public static IResourceBuilder<KeycloakResource> AddKeycloak(
        this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? adminPassword = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var password = adminPassword?.Resource ?? builder.AddParameter($"{name}-admin-password", secret: true).Resource;
        var resource = new KeycloakResource(name, password);
        return builder.AddResource(resource)
            .WithAnnotation(new ContainerImageAnnotation(KeycloakResource.DefaultImage, KeycloakResource.DefaultTag))
            .WithHttpEndpoint(port, HttpPort, KeycloakResource.PrimaryEndpointName)
            .WithHttpEndpoint(targetPort: ManagementPort, name: KeycloakResource.ManagementEndpointName)
            .WithHttpHealthCheck("/health/ready", endpointName: KeycloakResource.ManagementEndpointName)
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
            .WithEnvironment(context => context.EnvironmentVariables["KC_BOOTSTRAP_ADMIN_PASSWORD"] = password)
            .WithEnvironment("KC_HEALTH_ENABLED", "true")
            // TLS ends at the cluster's gateway; Keycloak learns the public scheme and host from its forwarded headers.
            .WithEnvironment("KC_HTTP_ENABLED", "true")
            .WithEnvironment("KC_PROXY_HEADERS", "xforwarded")
            .WithArgs("start", "--import-realm")
            .WithVolume($"{name}-data", "/opt/keycloak/data");
    }

    /// <summary>
    /// The public URL browsers use (<c>KC_HOSTNAME</c>); in-cluster clients reach Keycloak on its Service, and see
    /// back-channel endpoints there (<c>KC_HOSTNAME_BACKCHANNEL_DYNAMIC</c>) while the issuer stays this URL.
    /// </summary>
    public static IResourceBuilder<KeycloakResource> WithPublicUrl(this IResourceBuilder<KeycloakResource> builder, ReferenceExpression url) =>
        builder.WithEnvironment("KC_HOSTNAME", url).WithEnvironment("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");

    /// <summary>A realm imported at the first start (<c>{realm}-realm.json</c> in the import folder; a ConfigMap in a cluster).</summary>
    public static IResourceBuilder<KeycloakResource> WithRealmImport(this IResourceBuilder<KeycloakResource> builder, string realmName, string realmJson) =>
        builder.WithConfigFile($"{KeycloakResource.ImportDirectory}/{realmName}-realm.json", realmJson);
}
