using Lakehouse.Kubernetes.Emulator.Store;

namespace Lakehouse.Kubernetes.Emulator.Http;

/// <summary>
/// A request path of the API: <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}[/status]]</c> or
/// <c>/apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/status]]</c>.
/// </summary>
public sealed record ApiPath(ResourceInfo Resource, string? Namespace, string? Name, string? Subresource)
{
    public static ApiPath Parse(string path)
    {
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        int at;
        string group, version;
        if (segments is ["api", var coreVersion, ..])
        {
            (group, version, at) = ("", coreVersion, 2);
        }
        else if (segments is ["apis", var apiGroup, var apiVersion, ..])
        {
            (group, version, at) = (apiGroup, apiVersion, 3);
        }
        else
        {
            throw NotFound(path);
        }

        string? ns = null;
        if (segments.Length > at + 1 && segments[at] == "namespaces")
        {
            ns = segments[at + 1];
            at += 2;
        }

        if (segments.Length <= at || segments.Length > at + 3)
        {
            throw NotFound(path);
        }

        var resource = ResourceInfo.Find(group, version, segments[at]) ?? throw NotFound(path);
        var name = segments.Length > at + 1 ? segments[at + 1] : null;
        var subresource = segments.Length > at + 2 ? segments[at + 2] : null;
        if ((name is not null && ns is null) || subresource is not (null or "status"))
        {
            throw NotFound(path);
        }

        return new ApiPath(resource, ns, name, subresource);
    }

    private static ApiError NotFound(string path) =>
        new(System.Net.HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({path})");
}
