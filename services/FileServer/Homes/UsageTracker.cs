using System.Collections.Concurrent;

namespace Lakehouse.FileServer.Homes;

/// <summary>
/// How many bytes each home holds, kept in memory: measured by a walk of the home (apparent file sizes; symbolic links
/// are neither counted nor followed), refreshed in the background by <see cref="UsageReconciler"/>, again before a
/// spawn when the last measure is older than <c>UsageMaxAge</c>, and adjusted at once by uploads through the
/// fileserver. Requests read the cached figure: no request walks more than one home.
/// </summary>
/// <remarks>
/// Why not inotify: in a cluster the labs write through NFS from other nodes, and the fileserver's own mount sees no
/// events for those writes; a watch per folder also runs into the kernel's watch limit with many homes. A periodic
/// walk is correct in both places, and its staleness is bounded by the scan interval.
/// </remarks>
internal sealed class UsageTracker(HomesRoot root, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Measure> _usage = new(StringComparer.Ordinal);

    /// <summary>The last measure, or a new one for a home not measured yet.</summary>
    public long Current(string name) => _usage.TryGetValue(name, out var measure) ? measure.Bytes : MeasureNow(name);

    /// <summary>A measure no older than <paramref name="maxAge"/>.</summary>
    public long Fresh(string name, TimeSpan maxAge) =>
        _usage.TryGetValue(name, out var measure) && timeProvider.GetUtcNow() - measure.At <= maxAge ? measure.Bytes : MeasureNow(name);

    /// <summary>Bytes written (or removed, when negative) through the fileserver itself.</summary>
    public void Add(string name, long bytes) =>
        _usage.AddOrUpdate(name, _ => new Measure(Math.Max(0, bytes), timeProvider.GetUtcNow()), (_, m) => m with { Bytes = Math.Max(0, m.Bytes + bytes) });

    public long MeasureNow(string name)
    {
        var bytes = Walk(root.Home(name));
        _usage[name] = new Measure(bytes, timeProvider.GetUtcNow());
        return bytes;
    }

    private static long Walk(string home)
    {
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 };
        var total = 0L;
        var folders = new Stack<string>([home]);
        while (folders.TryPop(out var folder))
        {
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Removed or replaced while walking: what it held no longer counts.
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    folders.Push(entry.FullName);
                }
                else if (entry is FileInfo file)
                {
                    total += file.Length;
                }
            }
        }

        return total;
    }

    private sealed record Measure(long Bytes, DateTimeOffset At);
}
