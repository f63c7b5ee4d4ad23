namespace Lakehouse.Hosting.Orchestration;

/// <summary>The last lines of one resource's stdout and stderr, for replay and live watching; each line also goes to the log file.</summary>
internal sealed class ResourceLogBuffer(int capacity, TimeProvider timeProvider, ResourceLogFile file) : IDisposable
{
    public const string StandardOutput = "stdout";
    public const string StandardError = "stderr";

    private readonly Queue<ResourceLogLine> _lines = new();
    private readonly ChangeFeed<ResourceLogLine> _feed = new(capacity);
    private long _sequence;

    public string FilePath => file.FilePath;

    public void Append(string stream, string text) =>
        _feed.Publish(() =>
        {
            var line = new ResourceLogLine(++_sequence, timeProvider.GetUtcNow(), stream, text);
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
            file.Write(line);
            return line;
        });

    public IReadOnlyList<ResourceLogLine> GetLines() => _feed.Read(() => _lines.ToArray());

    public IAsyncEnumerable<ResourceLogLine> WatchAsync(CancellationToken cancellationToken) =>
        _feed.ReadAsync(() => _lines.ToArray(), cancellationToken);

    public void Dispose() => _feed.Read(() =>
    {
        file.Dispose();
        return 0;
    });
}
