using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// The progress events of one spawn, kept so that every reader gets them all from the start (JupyterHub replays
/// them too), then the new ones as they come. Complete after the ready or failed event; later reports are dropped.
/// </summary>
public sealed class SpawnProgress : IProgress<ProgressEvent>
{
    private readonly object _lock = new();
    private readonly List<ProgressEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static SpawnProgress Finished(ProgressEvent final)
    {
        var progress = new SpawnProgress();
        progress.Report(final);
        return progress;
    }

    public bool IsComplete => Final is not null;

    /// <summary>The ready or failed event that ended the spawn; null while it goes on.</summary>
    public ProgressEvent? Final { get; private set; }

    public void Report(ProgressEvent value)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (IsComplete)
            {
                return;
            }

            _events.Add(value);
            Final = value.IsFinal ? value : null;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    /// <summary>The events from index <paramref name="from"/> on, whether more can come, and a task that completes when they do.</summary>
    public (IReadOnlyList<ProgressEvent> Events, bool IsComplete, Task Changed) Read(int from)
    {
        lock (_lock)
        {
            return (_events.Skip(from).ToList(), IsComplete, _changed.Task);
        }
    }
}
