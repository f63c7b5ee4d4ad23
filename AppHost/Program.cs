using Lakehouse.Hosting.Kubernetes;
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

// --kube-context NAME (with --kube-namespace NS, --kubeconfig PATH): the services still run here, but servers run as
// pods in that cluster, and the route controller keeps each pod's Service and VirtualService there.
if (builder.ExecutionContext.IsRunMode && KubernetesCluster.FromConfiguration(builder.Configuration) is { } cluster)
{
    spawner.WithKubernetesCluster(cluster).WithEnvironment("Spawner__Backend", "kubernetes");
    routeController.WithKubernetesCluster(cluster).WithEnvironment("RouteController__Kubernetes__Enabled", "true");
}

builder.AddProject<Projects.LogShipper>("log-shipper")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
