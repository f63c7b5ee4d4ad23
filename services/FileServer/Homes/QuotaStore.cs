using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.FileServer.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Homes;

/// <summary>
/// Quotas: the default from configuration, and the admins' per-user overrides, persisted in the homes root
/// (<c>.lakehouse/quotas.json</c>) so that they live wherever the homes live, locally or on the cluster's claim.
/// </summary>
internal sealed class QuotaStore
{
    private readonly HomesRoot _root;
    private readonly Lock _lock = new();
    private Dictionary<string, long>? _overrides;

    public QuotaStore(HomesRoot root, IOptions<HomesOptions> options)
    {
        _root = root;
        ByteSize.TryParse(options.Value.DefaultQuota, out var quota, out _);
        DefaultBytes = quota;
    }

    public long DefaultBytes { get; }

    public long QuotaOf(string name)
    {
        lock (_lock)
        {
            return Overrides().TryGetValue(name, out var bytes) ? bytes : DefaultBytes;
        }
    }

    public void Set(string name, long bytes)
    {
        lock (_lock)
        {
            var overrides = new Dictionary<string, long>(Overrides(), StringComparer.Ordinal) { [name] = bytes };
            // Written beside and renamed over: a crash leaves the old file or the new one, never half of one.
            var temporary = _root.QuotaFile + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(overrides));
            File.Move(temporary, _root.QuotaFile, overwrite: true);
            _overrides = overrides;
        }
    }

    private Dictionary<string, long> Overrides() =>
        _overrides ??= File.Exists(_root.QuotaFile)
            ? JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(_root.QuotaFile)) ?? []
            : new Dictionary<string, long>(StringComparer.Ordinal);
}
