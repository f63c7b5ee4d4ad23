namespace Lakehouse.Hosting.Orchestration;

/// <summary>The orchestrator as the dashboard (and tests) see it: state, logs and commands.</summary>
public interface IResourceMonitor
{
    IReadOnlyList<ResourceSnapshot> GetSnapshots();

    /// <summary>The current snapshot of every resource, then every change, until cancelled.</summary>
    IAsyncEnumerable<ResourceSnapshot> WatchAsync(CancellationToken cancellationToken);

    /// <summary>The lines still in the resource's buffer, then new ones as they come, until cancelled.</summary>
    IAsyncEnumerable<ResourceLogLine> WatchLogsAsync(string resourceName, CancellationToken cancellationToken);

    /// <summary>Runs <c>start</c>, <c>stop</c> or <c>restart</c>. Throws <see cref="ArgumentException"/> for an unknown resource or command.</summary>
    Task ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken);
}

public static class KnownResourceCommands
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";

    public static readonly IReadOnlyList<string> All = [Start, Stop, Restart];
}
