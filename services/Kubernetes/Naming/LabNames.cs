namespace Lakehouse.Kubernetes.Naming;

/// <summary>
/// The names and labels of a user's lab objects, shared by the spawner (pod, Spark driver host) and the route
/// controller (Service, VirtualService). User names may hold '.', '_' and '-', so every name is built from the
/// injective <see cref="DnsLabel.Escape"/> form; the user name itself travels in the annotation.
/// </summary>
public static class LabNames
{
    public const string ComponentLabel = "component";
    public const string ComponentValue = "singleuser-server";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string PartOfValue = "lakehouse";

    /// <summary>As in the original (JupyterHub's KubeSpawner): the escaped name as label, the name itself as annotation.</summary>
    public const string UsernameKey = "hub.jupyter.org/username";

    public const string DefaultPodNameTemplate = "jupyter-{username}";

    public const int SparkUiPort = 4040;
    public const int SparkBlockManagerPort = 6060;
    public const int SparkDriverPort = 2020;

    /// <summary>The selector of every lab pod.</summary>
    public static string PodSelector => $"{ComponentLabel}={ComponentValue}";

    public static string UsernameLabel(string user) => DnsLabel.Escape(user);

    public static string PodName(string template, string user) =>
        DnsLabel.Fit(template.Replace("{username}", DnsLabel.Escape(user), StringComparison.Ordinal));

    /// <summary><c>{username}-lab</c>; a Service name must start with a letter, so a name starting with a digit gets <c>u-</c>.</summary>
    public static string ServiceName(string user)
    {
        var escaped = DnsLabel.Escape(user);
        return DnsLabel.Fit(char.IsAsciiDigit(escaped[0]) ? $"u-{escaped}-lab" : $"{escaped}-lab");
    }

    public static string VirtualServiceName(string user) => DnsLabel.Fit($"lab-vs-{DnsLabel.Escape(user)}");

    /// <summary>The Spark driver's address for executors: the lab Service's cluster DNS name.</summary>
    public static string SparkDriverHost(string user, string ns) => $"{ServiceName(user)}.{ns}.svc.cluster.local";
}
