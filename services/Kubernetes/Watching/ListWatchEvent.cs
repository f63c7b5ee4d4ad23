namespace Lakehouse.Kubernetes.Watching;

public enum ListWatchEventType
{
    /// <summary>A (re-)list: <see cref="ListWatchEvent{T}.Snapshot"/> is every object that exists now.</summary>
    Synced,
    Added,
    Modified,
    Deleted,
}

/// <summary>What a <see cref="ListWatcher{T}"/> saw: a full snapshot after each list, or one object's change.</summary>
public sealed record ListWatchEvent<T>(ListWatchEventType Type, T? Object, IReadOnlyList<T> Snapshot)
{
    public static ListWatchEvent<T> Synced(IReadOnlyList<T> snapshot) => new(ListWatchEventType.Synced, default, snapshot);

    public static ListWatchEvent<T> Changed(ListWatchEventType type, T value) => new(type, value, []);
}
