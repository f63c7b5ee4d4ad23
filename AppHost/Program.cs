using Lakehouse.AppHost;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Keycloak;
using Lakehouse.Hosting.Kubernetes;
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

// The cluster (publish only): the platform's namespace, a namespace of its own for users' servers (the spawner may
// create pods there, and pods can mount any Secret of their namespace, so the platform's Secrets stay out of its
// reach), the gateway and the NetworkPolicies.
var platformNamespace = builder.AddParameter("namespace", "lakehouse");
var labNamespace = builder.AddParameter("lab-namespace", "lakehouse-labs");
var sparkNamespace = builder.AddParameter("spark-namespace", "spark");
var ingressNamespace = builder.AddParameter("ingress-namespace", "istio-system");
var cluster = builder.AddKubernetesEnvironment("cluster", platformNamespace)
    .WithNamespace(labNamespace)
    .WithIstioGateway(ClusterNames.Gateway, builder.AddParameter("tls-credential-name", "lakehouse-tls"), ingressNamespace, ReferenceExpression.Create($"*.{domain}"))
    .WithDefaultDenyIngress();

// Infrastructure: services wait for it (WaitFor). Our own services start together and reach each other
// through service discovery with retries, so they need no start order.
var rabbitmq = builder.AddRabbitMQ("rabbitmq");
var ldap = builder.AddOpenLdap("ldap");

// Homes in a cluster, the LSST chain: a claim for the physical storage, an NFS server (nfs-ganesha, NFSv4) exporting
// it, its Service, and per namespace a PersistentVolume for the export with the ReadWriteMany claim "homes" that
// the fileserver mounts whole and users' servers mount with subPath {username}.
var homeStorageSize = builder.AddParameter("home-storage-size", "100Gi");
var nfsServer = builder.ExecutionContext.IsPublishMode
    ? builder.AddContainer("nfs-server", "lakehouse/nfs-ganesha", "4.3")
        .WithEndpoint("nfs", "tcp", port: 2049, targetPort: 2049)
        .WithTcpHealthCheck("nfs")
        .WithPersistentVolumeClaim("home-storage", NfsGanesha.ExportPath, homeStorageSize)
        .WithConfigFile(NfsGanesha.ConfigPath, NfsGanesha.Configuration)
        .WithArgs("-F", "-L", "/dev/stdout", "-f", NfsGanesha.ConfigPath, "-N", "NIV_EVENT")
        // Serves every user's files under their own ids, as root without root's other powers.
        .PublishAsRoot("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "SETGID", "SETUID", "SYS_RESOURCE")
    : null;
if (nfsServer is not null)
{
    cluster
        .WithNfsVolume(ClusterNames.HomeClaim, nfsServer.GetEndpoint("nfs"), NfsGanesha.ExportPath, homeStorageSize, labNamespace)
        // The kubelets of every node mount the export, from outside any pod.
        .WithNetworkPolicy("nfs-server", nfsServer, policy => policy.AllowFromAnywhere(2049));
}

// The fileserver owns the homes (locally {state}/homes); the hub may do everything, the spawner ensure and read.
var fileserver = builder.AddProject<Projects.FileServer>("fileserver")
    .WithEnvironment("FileServer__DefaultQuota", homeQuota)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__Spawner", spawnerServiceToken)
    .WithVolumeClaimMount(ClusterNames.HomeClaim, ClusterNames.HomesMountPath)
    // Creates each home owned by its user and measures every home.
    .PublishAsRoot("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER")
    .WithEnvironment(context =>
    {
        if (context.ExecutionContext.IsPublishMode)
        {
            context.EnvironmentVariables["FileServer__HomesDirectory"] = ClusterNames.HomesMountPath;
            context.EnvironmentVariables["FileServer__ClaimName"] = ClusterNames.HomeClaim;
        }
    })
    .WithHttpHealthCheck("/health");

// Locally, the homes over NFSv4 (ganesha), for parity with the cluster and for clients that can mount it; the
// fileserver writes the export, since it knows the homes root. In a cluster "nfs-server" above serves the homes.
if (builder.ExecutionContext.IsRunMode)
{
    builder.AddNfsServer("nfs")
        .WithExportWrittenBy(fileserver, "FileServer__NfsExportFile");
}

// Where notebooks' Spark sessions find their master when servers run as pods (Spark on Kubernetes by default).
var sparkMasterUrl = builder.AddParameter("spark-master-url", "k8s://https://kubernetes.default.svc:443");

// The spawner accepts the hub's token for everything and the route controller's for reading.
// In a cluster it runs users' servers as pods in the lab namespace, allowed exactly what that needs.
var spawner = builder.AddProject<Projects.Spawner>("spawner")
    .WithReference(fileserver)
    .WithEnvironment("Spawner__Kubernetes__SparkMasterUrl", sparkMasterUrl)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__Spawner", spawnerServiceToken)
    .WithEnvironment(context =>
    {
        if (context.ExecutionContext.IsPublishMode)
        {
            context.EnvironmentVariables["Spawner__Backend"] = "kubernetes";
            context.EnvironmentVariables["Spawner__Kubernetes__Namespace"] = labNamespace.Resource;
            context.EnvironmentVariables["Spawner__Kubernetes__HomeClaim"] = ClusterNames.HomeClaim;
        }
    })
    .WithKubernetesRole(labNamespace,
        KubernetesPolicyRule.Core("pods", "create", "get", "list", "watch", "delete"),
        KubernetesPolicyRule.Core("events", "get", "list", "watch"),
        KubernetesPolicyRule.Core("persistentvolumeclaims", "get", "list", "create"))
    .WithHttpHealthCheck("/health");

var hub = builder.AddProject<Projects.Hub>("hub")
    .WithReference(spawner)
    .WithReference(fileserver)
    .WithReference(ldap)
    .WithEnvironment("Authentication__Ldap__BaseDn", ldap.Resource.BaseDn)
    .WithEnvironment("Authentication__Ldap__AdminGroups__0", OpenLdapDemoData.AdminGroup)
    // The directory's read-only account: the hub looks up users who never logged in (servers started by an admin).
    .WithEnvironment("Authentication__Ldap__SearchBindDn", ldap.Resource.ReaderDn)
    .WithEnvironment(context => context.EnvironmentVariables["Authentication__Ldap__SearchBindPassword"] = ldap.Resource.ReaderPasswordParameter)
    .WithEnvironment("Lakehouse__ApiToken", apiToken)
    .WithEnvironment("Lakehouse__ServiceTokens__Hub", hubServiceToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WithEnvironment("Hub__SparkUiDomain", domain)
    .WaitFor(ldap)
    .WithHttpHealthCheck("/health");

// In a cluster the hub keeps its data in PostgreSQL; locally, SQLite in the state folder.
if (builder.ExecutionContext.IsPublishMode)
{
    var hubDatabase = builder.AddPostgres("postgres").AddDatabase("hubdb");
    hub.WithReference(hubDatabase).WaitFor(hubDatabase);

}

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
            // Keeps each lab pod's Service and Spark UI VirtualService, on the platform's gateway.
            context.EnvironmentVariables["RouteController__Kubernetes__Enabled"] = "true";
            context.EnvironmentVariables["RouteController__Kubernetes__Namespace"] = labNamespace.Resource;
            context.EnvironmentVariables["RouteController__Kubernetes__Gateway"] = ReferenceExpression.Create($"{platformNamespace}/{ClusterNames.Gateway}");
            // Each user's Spark UI VirtualService sends its host back through this proxy, so the hub still decides who
            // may see it; straight to the pod's 4040 (the original's way) would let anyone in.
            context.EnvironmentVariables["RouteController__Kubernetes__SparkUiUpstream"] = ReferenceExpression.Create($"route-controller-service.{platformNamespace}.svc.cluster.local:8000");
        }
    })
    .WithEnvironment("Lakehouse__ApiToken", apiToken)
    .WithEnvironment("Lakehouse__ServiceTokens__RouteController", routeControllerServiceToken)
    .WithKubernetesRole(labNamespace,
        KubernetesPolicyRule.Core("pods", "get", "list", "watch"),
        KubernetesPolicyRule.Core("services", "get", "list", "watch", "create", "patch", "update", "delete"),
        KubernetesPolicyRule.For("networking.istio.io", "virtualservices", "get", "list", "watch", "create", "patch", "update", "delete"))
    // The hub's host and every Spark UI host reach the proxy, which asks the hub who may pass.
    .WithGatewayRoute(cluster, "public", ReferenceExpression.Create($"jupyterhub.{domain}"), ReferenceExpression.Create($"*.sparkui.{domain}"))
    .WithHttpHealthCheck("/health");

// Identity: in a cluster, Keycloak federating the OpenLDAP directory; locally, the LDAP form (default) or, with
// --identity oidc, the same OIDC login against a local OpenID provider with the demo users.
var oidcClientSecret = builder.AddParameter("oidc-client-secret", secret: true);
var authStateKey = builder.AddParameter("auth-state-key", new GenerateParameterDefault(MinLength: 44), secret: true);
// Keycloak reads the directory with its read-only account.
var keycloak = builder.AddKeycloak("keycloak")
    .WithRealmImport(LakehouseRealm.RealmName, LakehouseRealm.Create(ldap.Resource.BaseDn, ldap.Resource.ReaderDn))
    .WithPublicUrl(ReferenceExpression.Create($"https://auth.{domain}"))
    .WithEnvironment(LakehouseRealm.HubUrlVariable, ReferenceExpression.Create($"https://jupyterhub.{domain}"))
    .WithEnvironment(LakehouseRealm.ClientSecretVariable, oidcClientSecret)
    .WithEnvironment(LakehouseRealm.LdapUrlVariable, ldap.Resource.ConnectionStringExpression)
    .WithEnvironment(LakehouseRealm.LdapBindPasswordVariable, builder.CreateResourceBuilder(ldap.Resource.ReaderPasswordParameter))
    .WithGatewayRoute(cluster, "http", ReferenceExpression.Create($"auth.{domain}"))
    .WaitFor(ldap);

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

// TLS at the local entry point, on when tls-certificate is given (absolute paths: a PEM certificate with tls-key, or a
// PKCS#12 file). In a cluster the gateway terminates TLS, so these are run mode only.
if (builder.ExecutionContext.IsRunMode)
{
    routeController
        .WithEnvironment("Proxy__TlsCertificate", builder.AddParameter("tls-certificate", string.Empty))
        .WithEnvironment("Proxy__TlsKey", builder.AddParameter("tls-key", string.Empty));
}

// --kube-context NAME (with --kube-namespace NS, --kubeconfig PATH): the services still run here, but servers run as
// pods in that cluster, and the route controller keeps each pod's Service and VirtualService there.
if (builder.ExecutionContext.IsRunMode && KubernetesCluster.FromConfiguration(builder.Configuration) is { } kubeCluster)
{
    spawner.WithKubernetesCluster(kubeCluster).WithEnvironment("Spawner__Backend", "kubernetes");
    routeController.WithKubernetesCluster(kubeCluster).WithEnvironment("RouteController__Kubernetes__Enabled", "true");
}

// In a cluster one shipper per node reads every container's log from the node (CRI files under /var/log/pods)
// and keeps its read offsets on the node, so a restarted pod resumes where the last one stopped.
builder.AddProject<Projects.LogShipper>("log-shipper")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq)
    .PublishAsDaemonSet()
    .WithHostPathMount("/var/log/pods", "/var/log/pods", isReadOnly: true)
    .WithHostPathMount("/var/lib/lakehouse-log-shipper", "/var/lib/log-shipper", type: "DirectoryOrCreate")
    .WithPodFieldEnvironment("LogShipper__Host", "spec.nodeName")
    // Pod logs are root's files; it reads them as root with no capability at all.
    .PublishAsRoot()
    .WithEnvironment(context =>
    {
        if (context.ExecutionContext.IsPublishMode)
        {
            context.EnvironmentVariables["LogShipper__Sources__0__Path"] = "/var/log/pods/*/*/*.log";
            context.EnvironmentVariables["LogShipper__Sources__0__Kind"] = "Pod";
            context.EnvironmentVariables["LogShipper__RegistryPath"] = "/var/lib/log-shipper/registry.json";
        }
    })
    .WithHttpHealthCheck("/health");

// Users' servers (label component=singleuser-server) take Jupyter and Spark UI traffic only from the proxy (and the
// spawner's readiness probe), and Spark's driver and block manager ports only from the Spark namespace's executors;
// every other pod of either namespace only from the platform's own pods.
cluster
    .WithNetworkPolicy("lab-servers", labNamespace, new Dictionary<string, string> { ["component"] = "singleuser-server" }, policy => policy
        .AllowFrom(routeController, 8888, 4040)
        .AllowFrom(spawner, 8888)
        .AllowFromNamespace(sparkNamespace, 2020, 6060))
    .WithNetworkPolicy("platform", null, new Dictionary<string, string>(), policy => policy.AllowFromSameNamespace());

builder.Build().Run();
