using Lakehouse.LogShipper.Options;

namespace Lakehouse.LogShipper.Sources;

/// <summary>
/// Whose log a file is, from its path: the routing key's kind (<c>service</c> or <c>server</c>) and name, and in a
/// cluster the pod, namespace and container.
/// </summary>
public sealed record LogOwner(string Kind, string Name, string? Service, string? User, string? Server, string? Pod, string? Namespace, string? Container)
{
    public const string ServiceKind = "service";
    public const string ServerKind = "server";

    /// <summary>The routing key <c>{kind}.{service or user}</c>; dots in the name would add levels, so they become '_'.</summary>
    public string RoutingKey { get; } = $"{Kind}.{Name.Replace('.', '_')}";

    public static LogOwner FromPath(string path, SourceKind kind, string userPodPrefix)
    {
        var baseName = Path.GetFileNameWithoutExtension(path);
        switch (kind)
        {
            case SourceKind.Service:
                return new LogOwner(ServiceKind, baseName, baseName, null, null, null, null, null);
            case SourceKind.Server:
                return new LogOwner(ServerKind, baseName, null, baseName, baseName, null, null, null);
            default:
                // /var/log/pods/{namespace}_{pod}_{uid}/{container}/{restart}.log; Kubernetes names never hold '_'.
                var containerDirectory = Path.GetDirectoryName(path) ?? string.Empty;
                var container = Path.GetFileName(containerDirectory);
                var podParts = Path.GetFileName(Path.GetDirectoryName(containerDirectory) ?? string.Empty).Split('_');
                var (ns, pod) = podParts.Length >= 3 ? (podParts[0], podParts[1]) : (null, podParts[0]);
                if (pod.StartsWith(userPodPrefix, StringComparison.Ordinal) && pod.Length > userPodPrefix.Length)
                {
                    var user = pod[userPodPrefix.Length..];
                    return new LogOwner(ServerKind, user, null, user, pod, pod, ns, container);
                }

                return new LogOwner(ServiceKind, container, container, null, null, pod, ns, container);
        }
    }
}
