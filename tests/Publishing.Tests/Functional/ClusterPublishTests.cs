using System.Text.Json.Nodes;
using Lakehouse.Publishing.Tests.Support;
using static Lakehouse.Publishing.Tests.Support.PublishedCluster;

namespace Lakehouse.Publishing.Tests.Functional;

/// <summary>The whole cluster as the real AppHost publishes it: what each object says and how they fit together.</summary>
public sealed class ClusterPublishTests(PublishedCluster cluster, KubernetesValidator validator) : IClassFixture<PublishedCluster>
{
    private static readonly string[] Projects = ["fileserver", "spawner", "hub", "route-controller", "log-shipper"];

    [Fact]
    public async Task Every_object_validates_against_the_Kubernetes_and_Istio_schemas()
    {
        var validation = await validator.ValidateAsync(cluster.KubernetesDirectory, TestContext.Current.CancellationToken);

        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Contains(" 0 errors", validation.StandardOutput);
        Assert.Contains(cluster.Objects, o => (string?)o.Object["apiVersion"] == "networking.istio.io/v1" && (string?)o.Object["kind"] == "Gateway");
    }

    [Fact]
    public void Both_namespaces_are_published_and_every_namespaced_object_is_in_one_of_them()
    {
        Assert.Equal([LabNamespace, Namespace], cluster.OfKind("Namespace").Select(n => (string)n["metadata"]!["name"]!).Order());
        foreach (var (file, document) in cluster.Objects)
        {
            var kind = (string)document["kind"]!;
            var ns = (string?)document["metadata"]!["namespace"];
            if (kind is "Namespace" or "PersistentVolume")
            {
                Assert.True(ns is null, $"{file}: a cluster-scoped {kind} has a namespace");
            }
            else
            {
                Assert.True(ns is Namespace or LabNamespace, $"{file}: {kind} in namespace '{ns}'");
            }
        }

        // The lab namespace holds only what users' servers need: the homes claim, the two Roles and the policies.
        Assert.Equal(
            ["NetworkPolicy/default-deny-ingress", "NetworkPolicy/lab-servers", "PersistentVolumeClaim/homes", "Role/route-controller", "Role/spawner", "RoleBinding/route-controller", "RoleBinding/spawner"],
            cluster.Objects.Select(o => o.Object)
                .Where(o => (string?)o["metadata"]!["namespace"] == LabNamespace)
                .Select(o => $"{o["kind"]}/{o["metadata"]!["name"]}")
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_spawner_and_the_route_controller_may_do_exactly_what_they_need_in_the_lab_namespace_and_nothing_else()
    {
        JsonAssert.Equal(
            """
            [
              { "apiGroups": [""], "resources": ["pods"], "verbs": ["create", "get", "list", "watch", "delete"] },
              { "apiGroups": [""], "resources": ["events"], "verbs": ["get", "list", "watch"] },
              { "apiGroups": [""], "resources": ["persistentvolumeclaims"], "verbs": ["get", "list", "create"] }
            ]
            """,
            cluster.Get("Role", "spawner", LabNamespace)["rules"]);
        JsonAssert.Equal(
            """
            [
              { "apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"] },
              { "apiGroups": [""], "resources": ["services"], "verbs": ["get", "list", "watch", "create", "patch", "update", "delete"] },
              { "apiGroups": ["networking.istio.io"], "resources": ["virtualservices"], "verbs": ["get", "list", "watch", "create", "patch", "update", "delete"] }
            ]
            """,
            cluster.Get("Role", "route-controller", LabNamespace)["rules"]);

        foreach (var name in new[] { "spawner", "route-controller" })
        {
            var binding = cluster.Get("RoleBinding", name, LabNamespace);
            JsonAssert.Equal($$"""{ "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "{{name}}" }""", binding["roleRef"]);
            JsonAssert.Equal($$"""[{ "kind": "ServiceAccount", "name": "{{name}}", "namespace": "{{Namespace}}" }]""", binding["subjects"]);
        }

        // Nothing else is granted anywhere, and nothing cluster-wide.
        Assert.Equal(2, cluster.OfKind("Role").Count());
        Assert.Equal(2, cluster.OfKind("RoleBinding").Count());
        Assert.Empty(cluster.OfKind("ClusterRole"));
        Assert.Empty(cluster.OfKind("ClusterRoleBinding"));

        // Every workload has its own ServiceAccount; only those two get a token in their pods.
        foreach (var (workload, pod) in Workloads())
        {
            var hasRole = workload is "spawner" or "route-controller";
            Assert.Equal(workload, (string?)pod["serviceAccountName"]);
            Assert.Equal(hasRole ? "true" : "false", (string?)pod["automountServiceAccountToken"]);
            Assert.Equal(hasRole ? "true" : "false", (string?)cluster.Get("ServiceAccount", workload, Namespace)["automountServiceAccountToken"]);
        }
    }

    [Fact]
    public void Services_are_probed_for_readiness_on_health_and_liveness_on_alive()
    {
        foreach (var project in Projects)
        {
            var container = Container(project);
            Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("/alive", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("8080", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
            Assert.Equal("8080", (string?)container["livenessProbe"]!["httpGet"]!["port"]);
        }

        // Infrastructure is ready when it answers on its port, as the AppHost checks it locally.
        Assert.Equal("5672", (string?)Container("rabbitmq")["readinessProbe"]!["tcpSocket"]!["port"]);
        Assert.Equal("389", (string?)Container("ldap")["readinessProbe"]!["tcpSocket"]!["port"]);
        Assert.Equal("5432", (string?)Container("postgres")["readinessProbe"]!["tcpSocket"]!["port"]);
        Assert.Equal("2049", (string?)Container("nfs-server")["readinessProbe"]!["tcpSocket"]!["port"]);
        Assert.Equal("/health/ready", (string?)Container("keycloak")["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("9000", (string?)Container("keycloak")["readinessProbe"]!["httpGet"]!["port"]);
    }

    [Fact]
    public void The_spawner_and_the_route_controller_work_against_the_lab_namespace_in_the_cluster()
    {
        var spawner = cluster.Environment("spawner");
        Assert.Equal("kubernetes", spawner["Spawner__Backend"]);
        Assert.Equal(LabNamespace, spawner["Spawner__Kubernetes__Namespace"]);
        Assert.Equal("homes", spawner["Spawner__Kubernetes__HomeClaim"]);
        Assert.Equal("k8s://https://kubernetes.default.svc:443", spawner["Spawner__Kubernetes__SparkMasterUrl"]);

        var routeController = cluster.Environment("route-controller");
        Assert.Equal("true", routeController["RouteController__Kubernetes__Enabled"]);
        Assert.Equal(LabNamespace, routeController["RouteController__Kubernetes__Namespace"]);
        Assert.Equal($"{Namespace}/lakehouse-gateway", routeController["RouteController__Kubernetes__Gateway"]);
        // Spark UI hosts go back through the proxy, behind the hub's access check.
        Assert.Equal($"route-controller-service.{Namespace}.svc.cluster.local:8000", routeController["RouteController__Kubernetes__SparkUiUpstream"]);
        Assert.Equal(Domain, routeController["Proxy__Domain"]);
        cluster.Get("Gateway", "lakehouse-gateway", Namespace);
    }

    [Fact]
    public void Stateful_services_keep_their_data_on_their_own_claims_and_the_hub_uses_PostgreSQL()
    {
        var claims = new Dictionary<string, string>
        {
            ["ldap"] = "/var/lib/ldap",
            ["keycloak"] = "/opt/keycloak/data",
            ["rabbitmq"] = "/var/lib/rabbitmq",
            ["postgres"] = "/var/lib/postgresql/data",
        };
        foreach (var (name, path) in claims)
        {
            var statefulSet = cluster.Get("StatefulSet", name, Namespace);
            var templates = statefulSet["spec"]!["volumeClaimTemplates"]!.AsArray();
            var template = templates.Single(t => (string?)t!["metadata"]!["name"] == $"{name}-data")!;
            JsonAssert.Equal("""["ReadWriteOnce"]""", template["spec"]!["accessModes"]);
            Assert.Contains(Container(name)["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == $"{name}-data" && (string?)m["mountPath"] == path);
        }

        var hub = cluster.Environment("hub");
        var postgres = cluster.Environment("postgres");
        Assert.Equal(
            $"Host=postgres-service;Port=5432;Username=postgres;Password={postgres["POSTGRES_PASSWORD"]};Database=hubdb",
            hub["ConnectionStrings__hubdb"]);
        Assert.Equal("hubdb", postgres["POSTGRES_DB"]);
        Assert.True(postgres["POSTGRES_PASSWORD"].Length >= 22);
        // Secrets only in Secrets.
        Assert.Null(cluster.Get("ConfigMap", "hub-config", Namespace)["data"]!["ConnectionStrings__hubdb"]);
        Assert.Null(cluster.Get("ConfigMap", "postgres-config", Namespace)["data"]!["POSTGRES_PASSWORD"]);
    }

    [Fact]
    public void The_NFS_chain_links_the_physical_claim_the_server_its_Service_the_volumes_and_the_homes_claims()
    {
        // Physical storage: a claim of the parameter's size, mounted by the NFS server where ganesha exports from.
        var physical = cluster.Get("PersistentVolumeClaim", "home-storage", Namespace);
        Assert.Equal(HomeStorageSize, (string?)physical["spec"]!["resources"]!["requests"]!["storage"]);
        var server = cluster.Get("Deployment", "nfs-server", Namespace);
        var serverPod = server["spec"]!["template"]!["spec"]!;
        Assert.Contains(serverPod["volumes"]!.AsArray(), v => (string?)v!["persistentVolumeClaim"]?["claimName"] == "home-storage");
        var exportMount = Container("nfs-server")["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "home-storage")!;

        // ganesha reads its configuration from the ConfigMap file at the path its arguments name, and exports the mount.
        var args = Container("nfs-server")["args"]!.AsArray().Select(a => (string)a!).ToList();
        var configPath = args[args.IndexOf("-f") + 1];
        var configMount = Container("nfs-server")["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == configPath)!;
        var configuration = (string)cluster.Get("ConfigMap", "nfs-server-files", Namespace)["data"]![(string)configMount["subPath"]!]!;
        Assert.Contains($"Path = {exportMount["mountPath"]};", configuration);
        Assert.Contains("Protocols = 4;", configuration);
        Assert.Contains("NFS_Port = 2049;", configuration);
        var pseudo = configuration.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Pseudo = ", StringComparison.Ordinal))["Pseudo = ".Length..].TrimEnd(';');

        // Its Service, on NFS's port.
        var service = cluster.Get("Service", "nfs-server-service", Namespace);
        JsonAssert.Equal("""[{ "name": "nfs", "port": "2049", "targetPort": "2049", "protocol": "TCP" }]""", service["spec"]!["ports"]);
        JsonAssert.Equal(server["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), service["spec"]!["selector"]);

        // In each namespace a volume for the export through that Service, bound to the claim "homes" there.
        foreach (var ns in new[] { Namespace, LabNamespace })
        {
            var claim = cluster.Get("PersistentVolumeClaim", "homes", ns);
            var volume = cluster.Get("PersistentVolume", (string)claim["spec"]!["volumeName"]!);
            Assert.Equal($"nfs-server-service.{Namespace}.svc.cluster.local", (string?)volume["spec"]!["nfs"]!["server"]);
            Assert.Equal(pseudo, (string?)volume["spec"]!["nfs"]!["path"]);
            JsonAssert.Equal($$"""{ "namespace": "{{ns}}", "name": "homes" }""", volume["spec"]!["claimRef"]);
            JsonAssert.Equal("""["ReadWriteMany"]""", volume["spec"]!["accessModes"]);
            JsonAssert.Equal("""["ReadWriteMany"]""", claim["spec"]!["accessModes"]);
            Assert.Equal("", (string?)claim["spec"]!["storageClassName"]);
            Assert.Equal("", (string?)volume["spec"]!["storageClassName"]);
            Assert.Equal(HomeStorageSize, (string?)claim["spec"]!["resources"]!["requests"]!["storage"]);
            Assert.Equal(HomeStorageSize, (string?)volume["spec"]!["capacity"]!["storage"]);
        }

        // The fileserver mounts the whole claim where its configuration says homes are; the spawner hands the same claim to lab pods.
        var fileserverPod = Pod("fileserver");
        var homesVolume = fileserverPod["volumes"]!.AsArray().Single(v => (string?)v!["persistentVolumeClaim"]?["claimName"] == "homes")!;
        var homesMount = Container("fileserver")["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == (string?)homesVolume["name"])!;
        Assert.Null(homesMount["subPath"]);
        Assert.Equal((string?)homesMount["mountPath"], cluster.Environment("fileserver")["FileServer__HomesDirectory"]);
        Assert.Equal("homes", cluster.Environment("fileserver")["FileServer__ClaimName"]);
        Assert.Equal("homes", cluster.Environment("spawner")["Spawner__Kubernetes__HomeClaim"]);
    }

    [Fact]
    public void The_log_shipper_runs_on_every_node_reading_pod_logs_read_only_and_keeping_its_registry_on_the_node()
    {
        Assert.DoesNotContain(cluster.OfKind("Deployment"), d => (string?)d["metadata"]!["name"] == "log-shipper");
        var pod = cluster.Get("DaemonSet", "log-shipper", Namespace)["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        var mounts = container["volumeMounts"]!.AsArray();
        JsonNode HostPath(string mountPath)
        {
            var mount = mounts.Single(m => (string?)m!["mountPath"] == mountPath)!;
            return pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!["hostPath"]!;
        }

        var logs = mounts.Single(m => (string?)m!["mountPath"] == "/var/log/pods")!;
        Assert.Equal("true", (string?)logs["readOnly"]);
        Assert.Equal("/var/log/pods", (string?)HostPath("/var/log/pods")["path"]);

        var environment = cluster.Environment("log-shipper");
        Assert.Equal("/var/log/pods/*/*/*.log", environment["LogShipper__Sources__0__Path"]);
        Assert.Equal("Pod", environment["LogShipper__Sources__0__Kind"]);
        var registryDirectory = Path.GetDirectoryName(environment["LogShipper__RegistryPath"])!;
        var registry = mounts.Single(m => (string?)m!["mountPath"] == registryDirectory)!;
        Assert.Null(registry["readOnly"]);
        Assert.Equal("DirectoryOrCreate", (string?)HostPath(registryDirectory)["type"]);
        Assert.StartsWith("amqp://", environment["ConnectionStrings__rabbitmq"]);

        // The node's name is the events' host; it reads root's log files as root, with no capability.
        JsonAssert.Equal("""[{ "name": "LogShipper__Host", "valueFrom": { "fieldRef": { "fieldPath": "spec.nodeName" } } }]""", container["env"]);
        JsonAssert.Equal(
            """{ "allowPrivilegeEscalation": "false", "runAsUser": "0", "runAsNonRoot": "false", "capabilities": { "drop": ["ALL"] } }""",
            container["securityContext"]);
    }

    [Fact]
    public void The_gateway_terminates_TLS_for_the_domain_and_sends_the_hub_and_Spark_UI_hosts_to_the_proxy()
    {
        var gateway = cluster.Get("Gateway", "lakehouse-gateway", Namespace);
        JsonAssert.Equal(
            $$"""
            {
              "selector": { "istio": "ingressgateway" },
              "servers": [
                { "port": { "number": "443", "name": "https", "protocol": "HTTPS" }, "hosts": ["*.{{Domain}}"], "tls": { "mode": "SIMPLE", "credentialName": "{{TlsCredential}}" } },
                { "port": { "number": "80", "name": "http", "protocol": "HTTP" }, "hosts": ["*.{{Domain}}"], "tls": { "httpsRedirect": "true" } }
              ]
            }
            """,
            gateway["spec"]);

        var route = cluster.Get("VirtualService", "route-controller", Namespace);
        JsonAssert.Equal(
            $$"""
            {
              "hosts": ["jupyterhub.{{Domain}}", "*.sparkui.{{Domain}}"],
              "gateways": ["{{Namespace}}/lakehouse-gateway"],
              "http": [{ "route": [{ "destination": { "host": "route-controller-service.{{Namespace}}.svc.cluster.local", "port": { "number": "8000" } } }] }]
            }
            """,
            route["spec"]);
        // That port is the route controller's public listener.
        var publicPort = cluster.Get("Service", "route-controller-service", Namespace)["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == "public")!;
        Assert.Equal("8000", (string?)publicPort["port"]);
        Assert.Equal(cluster.Environment("route-controller")["Proxy__PublicPort"], (string?)publicPort["targetPort"]);
        Assert.Equal("0.0.0.0", cluster.Environment("route-controller")["Proxy__BindAddress"]);
    }

    [Fact]
    public void NetworkPolicies_let_lab_servers_be_reached_only_by_the_proxy_the_spawner_and_Spark()
    {
        var labs = cluster.Get("NetworkPolicy", "lab-servers", LabNamespace);
        JsonAssert.Equal(
            $$"""
            {
              "podSelector": { "matchLabels": { "component": "singleuser-server" } },
              "policyTypes": ["Ingress"],
              "ingress": [
                {
                  "from": [{
                    "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "{{Namespace}}" } },
                    "podSelector": { "matchLabels": { "app.kubernetes.io/name": "route-controller", "app.kubernetes.io/instance": "lakehouse" } }
                  }],
                  "ports": [{ "protocol": "TCP", "port": "8888" }, { "protocol": "TCP", "port": "4040" }]
                },
                {
                  "from": [{
                    "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "{{Namespace}}" } },
                    "podSelector": { "matchLabels": { "app.kubernetes.io/name": "spawner", "app.kubernetes.io/instance": "lakehouse" } }
                  }],
                  "ports": [{ "protocol": "TCP", "port": "8888" }]
                },
                {
                  "from": [{ "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "{{SparkNamespace}}" } } }],
                  "ports": [{ "protocol": "TCP", "port": "2020" }, { "protocol": "TCP", "port": "6060" }]
                }
              ]
            }
            """,
            labs["spec"]);
        // The peer's pod selector picks the route controller's pods exactly.
        JsonAssert.Equal(
            cluster.Get("Deployment", "route-controller", Namespace)["spec"]!["selector"]!["matchLabels"]!.ToJsonString(),
            labs["spec"]!["ingress"]![0]!["from"]![0]!["podSelector"]!["matchLabels"]);

        // Every namespace denies ingress by default; nothing restricts egress, so DNS and the services' calls keep working.
        foreach (var ns in new[] { Namespace, LabNamespace })
        {
            JsonAssert.Equal("""{ "podSelector": {}, "policyTypes": ["Ingress"] }""", cluster.Get("NetworkPolicy", "default-deny-ingress", ns)["spec"]);
        }

        Assert.DoesNotContain(cluster.OfKind("NetworkPolicy"), p => p["spec"]!["policyTypes"]!.AsArray().Any(t => (string?)t == "Egress"));

        // The platform's pods reach each other; the ingress gateway reaches the public ports it routes to; nodes mount NFS.
        JsonAssert.Equal(
            """{ "podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{ "from": [{ "podSelector": {} }] }] }""",
            cluster.Get("NetworkPolicy", "platform", Namespace)["spec"]);
        JsonAssert.Equal(
            $$"""
            {
              "podSelector": { "matchLabels": { "app.kubernetes.io/name": "route-controller", "app.kubernetes.io/instance": "lakehouse" } },
              "policyTypes": ["Ingress"],
              "ingress": [{ "from": [{ "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "{{IngressNamespace}}" } } }], "ports": [{ "protocol": "TCP", "port": "8000" }] }]
            }
            """,
            cluster.Get("NetworkPolicy", "route-controller-from-gateway", Namespace)["spec"]);
        JsonAssert.Equal(
            """
            {
              "podSelector": { "matchLabels": { "app.kubernetes.io/name": "nfs-server", "app.kubernetes.io/instance": "lakehouse" } },
              "policyTypes": ["Ingress"],
              "ingress": [{ "ports": [{ "protocol": "TCP", "port": "2049" }] }]
            }
            """,
            cluster.Get("NetworkPolicy", "nfs-server", Namespace)["spec"]);
    }

    [Fact]
    public void Every_reference_between_objects_resolves()
    {
        foreach (var (workload, pod) in Workloads())
        {
            var ns = Namespace;
            cluster.Get("ServiceAccount", (string)pod["serviceAccountName"]!, ns);
            foreach (var source in pod["containers"]![0]!["envFrom"]?.AsArray() ?? [])
            {
                if (source!["configMapRef"] is { } configMap)
                {
                    cluster.Get("ConfigMap", (string)configMap["name"]!, ns);
                }

                if (source["secretRef"] is { } secret)
                {
                    cluster.Get("Secret", (string)secret["name"]!, ns);
                }
            }

            var volumes = (pod["volumes"]?.AsArray() ?? []).Select(v => v!).ToList();
            foreach (var volume in volumes)
            {
                if (volume["persistentVolumeClaim"] is { } claim)
                {
                    cluster.Get("PersistentVolumeClaim", (string)claim["claimName"]!, ns);
                }

                if (volume["configMap"] is { } configMap)
                {
                    cluster.Get("ConfigMap", (string)configMap["name"]!, ns);
                }
            }

            // Every mount names a volume of the pod or a claim template of the StatefulSet.
            var templates = (cluster.OfKind("StatefulSet").SingleOrDefault(s => (string?)s["metadata"]!["name"] == workload)?["spec"]!["volumeClaimTemplates"]?.AsArray() ?? [])
                .Select(t => (string)t!["metadata"]!["name"]!);
            var names = volumes.Select(v => (string)v["name"]!).Concat(templates).ToHashSet();
            foreach (var mount in pod["containers"]![0]!["volumeMounts"]?.AsArray() ?? [])
            {
                Assert.Contains((string)mount!["name"]!, names);
            }
        }

        // Every RoleBinding names a Role of its namespace; every Service selects a workload's pods.
        foreach (var binding in cluster.OfKind("RoleBinding"))
        {
            cluster.Get("Role", (string)binding["roleRef"]!["name"]!, (string)binding["metadata"]!["namespace"]!);
        }

        foreach (var service in cluster.OfKind("Service"))
        {
            Assert.Contains(Workloads(), w => JsonNode.DeepEquals(service["spec"]!["selector"], cluster.Objects.Select(o => o.Object)
                .Single(o => (string?)o["metadata"]!["name"] == w.Name && (string?)o["kind"] is "Deployment" or "StatefulSet" or "DaemonSet")["spec"]!["selector"]!["matchLabels"]));
        }
    }

    private IEnumerable<(string Name, JsonNode Pod)> Workloads() =>
        cluster.Objects.Select(o => o.Object)
            .Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" or "DaemonSet")
            .Select(o => ((string)o["metadata"]!["name"]!, o["spec"]!["template"]!["spec"]!));

    private JsonNode Pod(string workload) => Workloads().Single(w => w.Name == workload).Pod;

    private JsonNode Container(string workload) => Pod(workload)["containers"]![0]!;
}
