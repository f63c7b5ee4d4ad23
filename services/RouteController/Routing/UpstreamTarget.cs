using Microsoft.AspNetCore.Http;

namespace Lakehouse.RouteController.Routing;

/// <summary>
/// A backend's base URL, split once (when its route is made) into what every forwarded request needs: the origin,
/// YARP's destination prefix, and the base path, already encoded.
/// </summary>
public sealed class UpstreamTarget
{
    private readonly string _encodedBasePath;

    public UpstreamTarget(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        Origin = baseUrl.GetLeftPart(UriPartial.Authority);
        _encodedBasePath = new PathString(Uri.UnescapeDataString(baseUrl.AbsolutePath).TrimEnd('/')).ToUriComponent();
    }

    public Uri BaseUrl { get; }

    /// <summary><c>scheme://host:port</c>.</summary>
    public string Origin { get; }

    /// <summary>The base path followed by <paramref name="path"/> and <paramref name="query"/>.</summary>
    /// <param name="path">Decoded, starting with '/'; encoded here once, as YARP itself does.</param>
    /// <param name="query">Empty or starting with '?', already encoded.</param>
    public Uri Destination(string path, string query) =>
        new(string.Concat(Origin, _encodedBasePath, new PathString(path).ToUriComponent(), query));
}
