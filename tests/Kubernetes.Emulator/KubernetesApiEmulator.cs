using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Lakehouse.Kubernetes.Configuration;
using Lakehouse.Kubernetes.Emulator.Http;
using Lakehouse.Kubernetes.Emulator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Kubernetes.Emulator;

/// <summary>
/// An in-process Kubernetes API server for tests, on a free loopback port (HTTP, or HTTPS with a self-signed
/// certificate and a bearer token to exercise kubeconfigs). Besides the API, it lets tests act as the rest of the
/// cluster: the kubelet (pod status), the event recorder, and a network that drops watch connections.
/// </summary>
public sealed class KubernetesApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestLog _log = new();

    private KubernetesApiEmulator(WebApplication app, ObjectStore store, EmulatorOptions options, Uri baseAddress, string? certificatePem)
    {
        (_app, Store, Options, BaseAddress, CertificateAuthorityPem) = (app, store, options, baseAddress, certificatePem);
    }

    public Uri BaseAddress { get; }

    /// <summary>The server certificate (self-signed) as PEM, when TLS is on.</summary>
    public string? CertificateAuthorityPem { get; }

    public EmulatorOptions Options { get; }

    public ObjectStore Store { get; }

    public IReadOnlyList<LoggedRequest> Requests => _log.Requests;

    public static async Task<KubernetesApiEmulator> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        var certificate = options.UseTls ? CreateCertificate() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var store = new ObjectStore(options);
        var app = builder.Build();
        var emulator = (KubernetesApiEmulator?)null;
        app.Run(context => emulator!.Handler.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var baseAddress = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
        emulator = new KubernetesApiEmulator(app, store, options, baseAddress, certificate?.ExportCertificatePem());
        emulator.Handler = new ApiRequestHandler(store, options, emulator._log);
        return emulator;
    }

    private ApiRequestHandler Handler { get; set; } = null!;

    /// <summary>A client configuration for this server (its certificate trusted, its token sent).</summary>
    public KubernetesConfiguration ClientConfiguration(string ns = KubernetesConfiguration.DefaultNamespace) => new()
    {
        Server = BaseAddress,
        CertificateAuthority = CertificateAuthorityPem is null ? null : KubeconfigLoader.CertificateAuthority(CertificateAuthorityPem),
        Token = Options.BearerToken,
        Namespace = ns,
    };

    /// <summary>Writes a kubeconfig with one context for this server, as kind or kubectl would.</summary>
    public void WriteKubeconfig(string path, string context, string ns)
    {
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1")
            .AppendLine("kind: Config")
            .AppendLine(CultureInfo.InvariantCulture, $"current-context: {context}")
            .AppendLine("clusters:")
            .AppendLine(CultureInfo.InvariantCulture, $"- name: {context}-cluster")
            .AppendLine("  cluster:")
            .AppendLine(CultureInfo.InvariantCulture, $"    server: {BaseAddress.ToString().TrimEnd('/')}");
        if (CertificateAuthorityPem is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(CertificateAuthorityPem))}");
        }

        yaml.AppendLine("users:")
            .AppendLine(CultureInfo.InvariantCulture, $"- name: {context}-user")
            .AppendLine("  user:");
        yaml.AppendLine(Options.BearerToken is null ? "    {}" : $"    token: {Options.BearerToken}");
        yaml.AppendLine("contexts:")
            .AppendLine(CultureInfo.InvariantCulture, $"- name: {context}")
            .AppendLine("  context:")
            .AppendLine(CultureInfo.InvariantCulture, $"    cluster: {context}-cluster")
            .AppendLine(CultureInfo.InvariantCulture, $"    user: {context}-user")
            .AppendLine(CultureInfo.InvariantCulture, $"    namespace: {ns}");
        File.WriteAllText(path, yaml.ToString());
    }

    public JsonObject? Find(string resource, string ns, string name) => Store.TryGet(ResourceInfo.Named(resource), ns, name);

    public IReadOnlyList<JsonObject> List(string resource, string ns) => Store.Snapshot(ResourceInfo.Named(resource), ns);

    /// <summary>As the scheduler and kubelet would: the pod runs on a node, with an IP, its containers ready.</summary>
    public JsonObject SetPodRunning(string ns, string name, string podIp = "10.244.0.10", bool ready = true) =>
        Store.UpdateStatus(ResourceInfo.Named("pods"), ns, name, status =>
        {
            var now = Options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var pod = Store.Get(ResourceInfo.Named("pods"), ns, name);
            status["phase"] = "Running";
            status["podIP"] = podIp;
            status["startTime"] = now;
            status["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" },
                new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" });
            status["containerStatuses"] = new JsonArray((pod["spec"]?["containers"] as JsonArray ?? []).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c?["name"]?.DeepClone(),
                ["image"] = c?["image"]?.DeepClone(),
                ["ready"] = ready,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            }).ToArray());
        });

    /// <summary>As the kubelet would when the container ends: the pod fails (or succeeds) with the exit code and reason.</summary>
    public JsonObject SetPodTerminated(string ns, string name, int exitCode, string reason) =>
        Store.UpdateStatus(ResourceInfo.Named("pods"), ns, name, status =>
        {
            status["phase"] = exitCode == 0 ? "Succeeded" : "Failed";
            foreach (var container in status["containerStatuses"] as JsonArray ?? [])
            {
                container!["ready"] = false;
                container["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason } };
            }
        });

    /// <summary>Records an Event about a pod, as the scheduler or kubelet would (Scheduled, Pulling, FailedMount...).</summary>
    public JsonObject EmitPodEvent(string ns, string podName, string reason, string message, string type = "Normal")
    {
        var pod = Store.Get(ResourceInfo.Named("pods"), ns, podName);
        var now = Options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return Store.Create(ResourceInfo.Named("events"), ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["generateName"] = podName + "." },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["name"] = podName,
                ["namespace"] = ns,
                ["uid"] = pod["metadata"]!["uid"]!.DeepClone(),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["count"] = 1,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
        });
    }

    /// <summary>Breaks every open watch connection, as a restarting API server or a network failure would.</summary>
    public int DropWatches() => Store.DropWatches();

    public async ValueTask DisposeAsync()
    {
        Store.DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=lakehouse-kubernetes-emulator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
