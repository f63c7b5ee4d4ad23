using System.Collections.Frozen;
using System.Reflection;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The pages, styles and scripts embedded in this assembly under <c>Dashboard/Assets</c>.
/// Only files that exist there can be served, so a request path can never reach anything else.</summary>
internal sealed class DashboardAssets
{
    private const string ResourcePrefix = "Lakehouse.Hosting.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .ToFrozenDictionary(asset => asset.FileName, StringComparer.Ordinal);
    }

    public bool TryGet(string fileName, out DashboardAsset asset) => _assets.TryGetValue(fileName, out asset!);

    public DashboardAsset Get(string fileName) =>
        TryGet(fileName, out var asset) ? asset : throw new InvalidOperationException($"The dashboard asset '{fileName}' is not embedded.");

    private static DashboardAsset Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var fileName = resourceName[ResourcePrefix.Length..];
        var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(fileName), "application/octet-stream");
        return new DashboardAsset(fileName, contentType, buffer.ToArray());
    }
}

internal sealed record DashboardAsset(string FileName, string ContentType, byte[] Content);
