using System.Collections.Concurrent;
using Lakehouse.ServiceDefaults.Telemetry;

namespace Lakehouse.LogShipper.Metrics;

/// <summary>The shipper's counters, rendered at <c>/metrics</c> in the Prometheus text format.</summary>
public sealed class ShipperMetrics
{
    private readonly ConcurrentDictionary<string, long> _linesRead = new(StringComparer.Ordinal);
    private long _linesShipped;
    private long _eventsShipped;
    private long _batches;
    private long _retries;
    private long _lagBytes;
    private long _files;
    private long _forwarded;
    private long _forwardRetries;

    public long LinesShipped => Interlocked.Read(ref _linesShipped);

    public void LinesRead(int lines, string kind) => _linesRead.AddOrUpdate(kind, lines, (_, n) => n + lines);

    public void Shipped(int events, int lines)
    {
        Interlocked.Add(ref _eventsShipped, events);
        Interlocked.Add(ref _linesShipped, lines);
        Interlocked.Increment(ref _batches);
    }

    public void Retried() => Interlocked.Increment(ref _retries);

    public void SetLag(long bytes, int files)
    {
        Interlocked.Exchange(ref _lagBytes, bytes);
        Interlocked.Exchange(ref _files, files);
    }

    public void Forwarded() => Interlocked.Increment(ref _forwarded);

    public void ForwardRetried() => Interlocked.Increment(ref _forwardRetries);

    public string Render(long bufferedBytes, bool connected)
    {
        var text = new PrometheusText().Header("lakehouse_logshipper_lines_read_total", "Lines read from log files.", "counter");
        foreach (var (kind, lines) in _linesRead.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Sample($"lakehouse_logshipper_lines_read_total{{kind=\"{kind}\"}}", lines);
        }

        return text
            .Counter("lakehouse_logshipper_lines_shipped_total", "Lines confirmed by the broker.", LinesShipped)
            .Counter("lakehouse_logshipper_events_shipped_total", "Events (joined lines) confirmed by the broker.", Interlocked.Read(ref _eventsShipped))
            .Counter("lakehouse_logshipper_batches_shipped_total", "Slices of a batch (or republished batches) confirmed by the broker.", Interlocked.Read(ref _batches))
            .Counter("lakehouse_logshipper_publish_retries_total", "Batches published again after a failure, nack or timeout.", Interlocked.Read(ref _retries))
            .Gauge("lakehouse_logshipper_lag_bytes", "Bytes of tailed files not yet confirmed by the broker.", Interlocked.Read(ref _lagBytes))
            .Gauge("lakehouse_logshipper_buffered_bytes", "Bytes of events read and waiting for their confirm.", bufferedBytes)
            .Gauge("lakehouse_logshipper_files", "Files being tailed.", Interlocked.Read(ref _files))
            .Gauge("lakehouse_logshipper_broker_connected", "1 while the shipper has a connection to the broker.", connected ? 1 : 0)
            .Counter("lakehouse_logshipper_forwarded_total", "Events moved to the remote broker.", Interlocked.Read(ref _forwarded))
            .Counter("lakehouse_logshipper_forward_retries_total", "Reconnections of the forwarder.", Interlocked.Read(ref _forwardRetries))
            .ToString();
    }
}
