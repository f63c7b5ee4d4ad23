namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// Keycloak, the identity provider of the platform in a cluster (as in the original lakehouse). A container image:
/// no container engine runs here, so it is published only and shown as NotStarted locally.
/// </summary>
public sealed class KeycloakResource(string name, ParameterResource adminPassword)
    : ContainerResource(name, KeycloakResource.DefaultImage, KeycloakResource.DefaultTag)
{
    public const string DefaultImage = "quay.io/keycloak/keycloak";
    public const string DefaultTag = "26.4";

    /// <summary>Where <c>start --import-realm</c> reads realm files from.</summary>
    public const string ImportDirectory = "/opt/keycloak/data/import";

    internal const string PrimaryEndpointName = "http";
    internal const string ManagementEndpointName = "management";

    /// <summary>The bootstrap admin's password (user <c>admin</c>).</summary>
    public ParameterResource AdminPasswordParameter { get; } = adminPassword;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);
}
