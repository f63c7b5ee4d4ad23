using Lakehouse.LogShipper.Metrics;
using Lakehouse.LogShipper.Options;
using Lakehouse.LogShipper.Parsing;
using Lakehouse.LogShipper.Registry;
using Lakehouse.LogShipper.Shipping;
using Microsoft.Extensions.Options;

namespace Lakehouse.LogShipper.Sources;

/// <summary>
/// Finds the source files, reads new lines from each, and hands events to the <see cref="EventBuffer"/> (waiting
/// when it is full). Reading resumes at the registry's confirmed offsets; rotated files are read to their end,
/// truncated ones from their start.
/// </summary>
public sealed partial class FileTailService(
    ShipperPaths paths,
    OffsetRegistry registry,
    EventBuffer buffer,
    ShipperMetrics metrics,
    IOptions<LogShipperOptions> options,
    TimeProvider timeProvider,
    ILogger<FileTailService> logger) : BackgroundService
{
    /// <summary>Chunks read from one file per round, so one busy file cannot starve the others.</summary>
    private const int ChunksPerRound = 16;

    private readonly Dictionary<FileIdentity, TailedFile> _files = [];
    private readonly LogShipperOptions _options = options.Value;
    private readonly EventEnvelope _envelope = new(options.Value.Host is { Length: > 0 } host ? host : Environment.MachineName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sources = paths.Sources;
        LogStarted(string.Join(", ", sources.Select(s => $"{s.Path} ({s.Kind})")), registry.FilePath);
        Scan(sources);
        ResumeRotatedFiles();
        var nextScan = timeProvider.GetUtcNow() + _options.ScanInterval;
        var events = new List<LogEvent>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = timeProvider.GetUtcNow();
                if (now >= nextScan)
                {
                    Scan(sources);
                    nextScan = now + _options.ScanInterval;
                }

                var busy = false;
                foreach (var file in _files.Values.ToList())
                {
                    busy |= await ReadAsync(file, events, now, stoppingToken);
                }

                UpdateLag();
                if (!busy)
                {
                    // Not past the next scan either: a new file is found within ScanInterval even when it is shorter.
                    var untilScan = nextScan - timeProvider.GetUtcNow();
                    await Task.Delay(TimeSpan.FromTicks(Math.Clamp(untilScan.Ticks, 0, _options.PollInterval.Ticks)), timeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was read but not confirmed is read again at the next start.
        }
        finally
        {
            foreach (var file in _files.Values)
            {
                file.Dispose();
            }
        }
    }

    private async Task<bool> ReadAsync(TailedFile file, List<LogEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (file.CheckTruncated())
        {
            LogTruncated(file.Source.Path, file.Generation);
            registry.Track(file.Source, file.Generation, 0);
        }

        var busy = false;
        for (var round = 0; round < ChunksPerRound; round++)
        {
            events.Clear();
            var lines = file.ReadLines(events, now);
            if (lines == 0)
            {
                break;
            }

            busy = true;
            metrics.LinesRead(lines, file.Source.Owner.Kind);
            await WriteAsync(events, cancellationToken);
        }

        events.Clear();
        file.FlushIfIdle(events, now, _options.MultilineTimeout);
        await WriteAsync(events, cancellationToken);

        if (file.Rotated && !file.HasPending && file.Position >= file.Length && Committed(file) >= file.Length)
        {
            LogReleased(file.Source.Path);
            _files.Remove(file.Source.Identity);
            registry.Forget(file.Source.Identity);
            file.Dispose();
        }

        return busy;
    }

    private async Task WriteAsync(List<LogEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await buffer.WriteAsync(_envelope.Create(e), cancellationToken);
        }
    }

    private void Scan(IReadOnlyList<LogSourceOptions> sources)
    {
        var seen = new HashSet<FileIdentity>();
        foreach (var source in sources)
        {
            foreach (var path in SourceGlob.Expand(source.Path))
            {
                if (FileIdentity.Of(path) is not { } identity || !seen.Add(identity) || _files.ContainsKey(identity))
                {
                    continue;
                }

                Open(path, LogOwner.FromPath(path, source.Kind, _options.UserPodPrefix), rotated: false);
            }
        }

        foreach (var file in _files.Values.Where(f => !f.Rotated && !seen.Contains(f.Source.Identity)))
        {
            // Renamed away by rotation, or deleted: the open handle still reads what is left.
            file.Rotated = true;
            LogRotated(file.Source.Path);
        }
    }

    /// <summary>
    /// After a restart, files the registry knows that no glob matches any more were rotated while the shipper was
    /// away: find them beside their old path by identity and finish them.
    /// </summary>
    private void ResumeRotatedFiles()
    {
        foreach (var entry in registry.All())
        {
            var identity = new FileIdentity(entry.Device, entry.Inode);
            if (_files.ContainsKey(identity))
            {
                continue;
            }

            var renamed = Siblings(entry.Path).FirstOrDefault(p => FileIdentity.Of(p) == identity);
            if (renamed is null)
            {
                registry.Forget(identity);
                continue;
            }

            var kind = paths.Sources.FirstOrDefault(s => Path.GetDirectoryName(s.Path) == Path.GetDirectoryName(entry.Path))?.Kind ?? SourceKind.Service;
            Open(renamed, LogOwner.FromPath(entry.Path, kind, _options.UserPodPrefix), rotated: true);
        }
    }

    private static IEnumerable<string> Siblings(string path)
    {
        try
        {
            return Directory.EnumerateFiles(Path.GetDirectoryName(path)!).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private void Open(string path, LogOwner owner, bool rotated)
    {
        var file = TailedFile.Open(path, owner, ResumeAt, _options.MaxEventBytes);
        if (file is null || !_files.TryAdd(file.Source.Identity, file))
        {
            file?.Dispose();
            return;
        }

        file.Rotated = rotated;
        if (registry.Get(file.Source.Identity) is null)
        {
            registry.Track(file.Source, 0, 0);
        }

        LogOpened(path, file.Source.Owner.RoutingKey, file.Position);
    }

    private (long Generation, long Offset) ResumeAt(FileIdentity identity) =>
        registry.Get(identity) is { } entry ? (entry.Generation, entry.Offset) : (0, 0);

    private long Committed(TailedFile file) =>
        registry.Get(file.Source.Identity) is { } entry && entry.Generation == file.Generation ? entry.Offset : 0;

    private void UpdateLag()
    {
        long lag = 0;
        foreach (var file in _files.Values)
        {
            lag += Math.Max(0, file.Length - Committed(file));
        }

        metrics.SetLag(lag, _files.Count);
    }

    [LoggerMessage(LogLevel.Information, "Shipping logs from {Sources}; registry {Registry}")]
    private partial void LogStarted(string sources, string registry);

    [LoggerMessage(LogLevel.Information, "Tailing {Path} as {RoutingKey} from offset {Offset}")]
    private partial void LogOpened(string path, string routingKey, long offset);

    [LoggerMessage(LogLevel.Information, "{Path} was rotated or removed; reading the rest of it")]
    private partial void LogRotated(string path);

    [LoggerMessage(LogLevel.Information, "Finished {Path} after its rotation")]
    private partial void LogReleased(string path);

    [LoggerMessage(LogLevel.Warning, "{Path} was truncated; reading it from the start (generation {Generation})")]
    private partial void LogTruncated(string path, long generation);
}
