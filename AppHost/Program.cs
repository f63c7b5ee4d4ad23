using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Keycloak;
using Lakehouse.Hosting.OpenLdap;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets: generated once and kept in the state folder when not given (Parameters:{name}).
var apiToken = builder.AddParameter("api-token", secret: true);
var hubServiceToken = builder.AddParameter("hub-service-token", secret: true);
var routeControllerServiceToken = builder.AddParameter("route-controller-service-token", secret: true);
var domain = builder.AddParameter("domain", "localhost");

// Infrastructure: services wait for it (WaitFor). Our own services start together and reach each other
// through service discovery with retries, so they need no start order.
var rabbitmq = builder.AddRabbitMQ("rabbitmq");
var ldap = builder.AddOpenLdap("ldap");

var fileserver = builder.AddProject<Projects.FileServer>("fileserver")
    .WithHttpHealthCheck("/health");

// The spawner accepts the hub's token for everything and the route controller's for reading.
var spawner = builder.AddProject<Projects.Spawner>("spawner")
    .WithReference(fileserver)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WithHttpHealthCheck("/health");

var hub = builder.AddProject<Projects.Hub>("hub")
    .WithReference(spawner)
    .WithReference(ldap)
    .WithEnvironment("Authentication__Ldap__BaseDn", ldap.Resource.BaseDn)
    .WithEnvironment("Authentication__Ldap__AdminGroups__0", OpenLdapDemoData.AdminGroup)
    .WithEnvironment("Lakehouse__ApiToken", apiToken)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WaitFor(ldap)
    .WithHttpHealthCheck("/health");

// The public entry point: JupyterHub's port 8000 unless Lakehouse:ProxyPort says otherwise (0: any free port).
var proxyPort = builder.Configuration.GetValue("Lakehouse:ProxyPort", 8000);
var routeController = builder.AddProject<Projects.RouteController>("route-controller")
    .WithReference(hub)
    .WithReference(spawner)
    .WithEndpoint("public", "http", port: proxyPort == 0 ? null : proxyPort, targetPort: 8000, env: "Proxy__PublicPort", isExternal: true)
    .WithEnvironment("Proxy__Domain", domain)
    .WithEnvironment(context =>
    {
        // In a pod the public listener must take traffic from the gateway; locally it stays on loopback.
        if (context.ExecutionContext.IsPublishMode)
        {
            context.EnvironmentVariables["Proxy__BindAddress"] = "0.0.0.0";
        }
    })
    .WithEnvironment("Lakehouse__ApiToken", apiToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WithHttpHealthCheck("/health");

// Identity: in a cluster, Keycloak federating the OpenLDAP directory; locally, the LDAP form (default) or, with
// --identity oidc, the same OIDC login against a local OpenID provider with the demo users.
var oidcClientSecret = builder.AddParameter("oidc-client-secret", secret: true);
var authStateKey = builder.AddParameter("auth-state-key", new GenerateParameterDefault(MinLength: 44), secret: true);
var keycloak = builder.AddKeycloak("keycloak")
    .WithRealmImport(LakehouseRealm.RealmName, LakehouseRealm.Create(ldap.Resource.BaseDn, ldap.Resource.RootDn))
    .WithPublicUrl(ReferenceExpression.Create($"https://auth.{domain}"))
    .WithEnvironment(LakehouseRealm.HubUrlVariable, ReferenceExpression.Create($"https://jupyterhub.{domain}"))
    .WithEnvironment(LakehouseRealm.ClientSecretVariable, oidcClientSecret)
    .WithEnvironment(LakehouseRealm.LdapUrlVariable, ldap.Resource.ConnectionStringExpression)
    .WithEnvironment(LakehouseRealm.LdapBindPasswordVariable, builder.CreateResourceBuilder(ldap.Resource.AdminPasswordParameter));

if (builder.ExecutionContext.IsPublishMode)
{
    hub.WithOidcLogin(
        ReferenceExpression.Create($"https://auth.{domain}/realms/{LakehouseRealm.RealmName}"),
        LakehouseRealm.ClientId,
        oidcClientSecret,
        authStateKey)
        // The hub reads discovery and keys on Keycloak's Service; browsers use the public host.
        .WithEnvironment("Authentication__Oidc__MetadataAddress", ReferenceExpression.Create($"{keycloak.Resource.PrimaryEndpoint}/realms/{LakehouseRealm.RealmName}"))
        .WithEnvironment("Authentication__Oidc__RedirectUri", ReferenceExpression.Create($"https://jupyterhub.{domain}/hub/oauth_callback"))
        .WithEnvironment("Authentication__Oidc__PostLogoutRedirectUri", ReferenceExpression.Create($"https://jupyterhub.{domain}/hub/login"));
}
else if (HubIdentity.IsOidc(builder.Configuration))
{
    var publicEndpoint = routeController.GetEndpoint("public");
    var oidcProvider = builder.AddOidcProvider(
        "oidc-provider",
        Path.Combine(builder.AppHostDirectory, "..", "tools", "oidc-provider"),
        oidcClientSecret,
        ldap.Resource.DemoPasswordParameter,
        [
            ReferenceExpression.Create($"http://127.0.0.1:{publicEndpoint.Property(EndpointProperty.Port)}"),
            ReferenceExpression.Create($"http://localhost:{publicEndpoint.Property(EndpointProperty.Port)}"),
        ]);
    hub.WithOidcLogin(ReferenceExpression.Create($"{oidcProvider.Resource.PrimaryEndpoint}"), OidcProviderResource.ClientId, oidcClientSecret, authStateKey);
}

builder.AddProject<Projects.LogShipper>("log-shipper")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
