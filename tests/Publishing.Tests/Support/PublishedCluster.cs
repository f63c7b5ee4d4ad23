using System.Text.Json.Nodes;

namespace Lakehouse.Publishing.Tests.Support;

/// <summary>
/// The real AppHost published once, out of process, with parameters that differ from the defaults (so a value
/// that ignored its parameter would show), and every Kubernetes object it wrote, parsed.
/// </summary>
public sealed class PublishedCluster : IAsyncLifetime
{
    public const string Namespace = "lh-platform";
    public const string LabNamespace = "lh-labs";
    public const string SparkNamespace = "spark-jobs";
    public const string IngressNamespace = "mesh-ingress";
    public const string Domain = "lakehouse.test";
    public const string TlsCredential = "lakehouse-test-tls";
    public const string HomeStorageSize = "7Gi";

    private readonly TempDirectory _output = new("cluster-out");
    private readonly TempDirectory _state = new("cluster-state");

    public string KubernetesDirectory => Path.Combine(_output.Path, "kubernetes");

    /// <summary>Every object, with the file it came from.</summary>
    public IReadOnlyList<(string File, JsonNode Object)> Objects { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var result = await ProcessRunner.RunAsync(
            ProcessRunner.DotnetHost,
            [new Projects.AppHost().TargetPath, "publish", "--output-path", _output.Path],
            RepositoryRoot.Path,
            new Dictionary<string, string>
            {
                ["LAKEHOUSE_STATE_DIR"] = _state.Path,
                ["Parameters__namespace"] = Namespace,
                ["Parameters__lab-namespace"] = LabNamespace,
                ["Parameters__spark-namespace"] = SparkNamespace,
                ["Parameters__ingress-namespace"] = IngressNamespace,
                ["Parameters__domain"] = Domain,
                ["Parameters__tls-credential-name"] = TlsCredential,
                ["Parameters__home-storage-size"] = HomeStorageSize,
            });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"publish failed: {result}");
        }

        var objects = new List<(string, JsonNode)>();
        foreach (var file in Directory.EnumerateFiles(KubernetesDirectory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(KubernetesDirectory, file);
            if (relative == "kustomization.yaml")
            {
                continue;
            }

            // Publish writes one object per file.
            objects.Add((relative, Yaml.Parse(await File.ReadAllTextAsync(file))));
        }

        Objects = objects;
    }

    /// <summary>The objects of one kind.</summary>
    public IEnumerable<JsonNode> OfKind(string kind) => Objects.Select(o => o.Object).Where(o => (string?)o["kind"] == kind);

    /// <summary>The one object of this kind and name (in <paramref name="ns"/> when given); fails when absent.</summary>
    public JsonNode Get(string kind, string name, string? ns = null)
    {
        var matches = OfKind(kind).Where(o => (string?)o["metadata"]!["name"] == name && (ns is null || (string?)o["metadata"]!["namespace"] == ns)).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} '{name}'{(ns is null ? "" : $" in {ns}")}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The ConfigMap data and Secret stringData of a workload together: the environment its pod gets.</summary>
    public IReadOnlyDictionary<string, string> Environment(string workload)
    {
        var values = new Dictionary<string, string>();
        foreach (var source in new[] { ("ConfigMap", $"{workload}-config", "data"), ("Secret", $"{workload}-secrets", "stringData") })
        {
            var found = OfKind(source.Item1).SingleOrDefault(o => (string?)o["metadata"]!["name"] == source.Item2);
            foreach (var (key, value) in found?[source.Item3]?.AsObject() ?? [])
            {
                values[key] = (string)value!;
            }
        }

        return values;
    }

    public ValueTask DisposeAsync()
    {
        _output.Dispose();
        _state.Dispose();
        return ValueTask.CompletedTask;
    }
}
