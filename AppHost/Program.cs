using Lakehouse.Hosting.OpenLdap;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets: generated once and kept in the state folder when not given (Parameters:{name}).
var apiToken = builder.AddParameter("api-token", secret: true);
var hubServiceToken = builder.AddParameter("hub-service-token", secret: true);
var routeControllerServiceToken = builder.AddParameter("route-controller-service-token", secret: true);
var spawnerServiceToken = builder.AddParameter("spawner-service-token", secret: true);
var domain = builder.AddParameter("domain", "localhost");
// Every user's home quota unless an admin sets another (a size: 10GiB, 500MiB …).
var homeQuota = builder.AddParameter("home-quota", "10GiB");

// Infrastructure: services wait for it (WaitFor). Our own services start together and reach each other
// through service discovery with retries, so they need no start order.
var rabbitmq = builder.AddRabbitMQ("rabbitmq");
var ldap = builder.AddOpenLdap("ldap");

// The fileserver owns the homes (locally {state}/homes); the hub may do everything, the spawner ensure and read.
var fileserver = builder.AddProject<Projects.FileServer>("fileserver")
    .WithEnvironment("FileServer__DefaultQuota", homeQuota)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__Spawner", spawnerServiceToken)
    .WithEnvironment(context =>
    {
        // In a cluster the homes are the ReadWriteMany claim "homes", mounted at /homes in the fileserver's pod; lab
        // pods mount the same claim with subPath {username}, which the fileserver reports.
        if (context.ExecutionContext.IsPublishMode)
        {
            context.EnvironmentVariables["FileServer__HomesDirectory"] = "/homes";
            context.EnvironmentVariables["FileServer__ClaimName"] = "homes";
        }
    })
    .WithHttpHealthCheck("/health");

// The homes over NFSv4 (ganesha), for parity with the cluster and for clients that can mount it; the fileserver
// writes the export, since it knows the homes root.
builder.AddNfsServer("nfs")
    .WithExportWrittenBy(fileserver, "FileServer__NfsExportFile");

// The spawner accepts the hub's token for everything and the route controller's for reading.
var spawner = builder.AddProject<Projects.Spawner>("spawner")
    .WithReference(fileserver)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__Spawner", spawnerServiceToken)
    .WithHttpHealthCheck("/health");

var hub = builder.AddProject<Projects.Hub>("hub")
    .WithReference(spawner)
    .WithReference(fileserver)
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
builder.AddProject<Projects.RouteController>("route-controller")
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

builder.AddProject<Projects.LogShipper>("log-shipper")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
