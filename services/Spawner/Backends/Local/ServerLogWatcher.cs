using System.Collections.Concurrent;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Tells when a server's log grows (inotify, one watch on the log folder), so that a starting server is asked whether
/// it answers right after it logs that it runs, instead of on a timer: waking every few milliseconds for each of many
/// starting servers cost the spawner more CPU than anything else it does. Null signals when the folder cannot be
/// watched; the caller then polls.
/// </summary>
internal sealed class ServerLogWatcher : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher? _watcher;

    public ServerLogWatcher(string folder, ILogger logger)
    {
        try
        {
            Directory.CreateDirectory(folder);
            _watcher = new FileSystemWatcher(folder, "*.log") { NotifyFilter = NotifyFilters.Size | NotifyFilters.LastWrite | NotifyFilters.FileName };
            _watcher.Changed += (_, e) => Signal(e.Name);
            _watcher.Created += (_, e) => Signal(e.Name);
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            logger.LogWarning(e, "Cannot watch the servers' logs in {Folder}; starting servers are polled instead", folder);
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Completes at the next change of <paramref name="name"/>'s log after this call; null without a watch.</summary>
    public Task? NextChange(string name) =>
        _watcher is null ? null : _waiting.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Dispose()
    {
        _watcher?.Dispose();
        foreach (var waiting in _waiting.Values)
        {
            waiting.TrySetCanceled();
        }
    }

    private void Signal(string? fileName)
    {
        if (fileName is not null && fileName.EndsWith(".log", StringComparison.Ordinal)
            && _waiting.TryRemove(fileName[..^".log".Length], out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
