using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Run mode: starts every project and executable as a child process in its own session, honours WaitFor, tracks
/// state and health, and on shutdown stops them dependents first and sweeps up every process left behind.
/// </summary>
public sealed partial class ResourceOrchestrator : IHostedService, IResourceMonitor, IAsyncDisposable
{
    private const string ContainerReason = "published for the cluster only";

    private readonly DistributedApplicationModel _model;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private readonly IOptions<OrchestratorOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ResourceOrchestrator> _logger;
    private readonly ResourceRunContext _runContext;
    private readonly OrphanReaper _reaper;
    private readonly ProcessSweeper _sweeper;
    private readonly RunModeVariables _runModeVariables;
    private readonly OwnedProcesses _owned = new();
    private readonly PortAllocator _ports;
    private readonly ChangeFeed<ResourceSnapshot> _changes = new();
    private readonly Dictionary<string, ResourceRunner> _runners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ResourceSnapshot> _containers = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _lifetime = new();
    private Task _reaping = Task.CompletedTask;
    private int _stopped;
    private int _disposed;

    internal ResourceOrchestrator(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        IServiceProvider services,
        IOptions<OrchestratorOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        RunModeVariables runModeVariables)
    {
        _model = model;
        _executionContext = executionContext;
        _options = options;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ResourceOrchestrator>();
        _runModeVariables = runModeVariables;
        _ports = new PortAllocator(options.Value.FirstPort, options.Value.LastPort);
        var launched = new LaunchedProcesses();
        _reaper = new OrphanReaper(launched);
        _sweeper = new ProcessSweeper(_reaper, timeProvider, loggerFactory.CreateLogger<ProcessSweeper>());
        _runContext = new ResourceRunContext(
            executionContext,
            services,
            new LaunchSpecFactory(executionContext, runModeVariables, loggerFactory.CreateLogger<LaunchSpecFactory>()),
            new ProcessLauncher(launched),
            new HealthChecker(options, timeProvider, launched),
            options,
            timeProvider,
            name => _runners.GetValueOrDefault(name));
    }

    /// <summary>Where each resource's console output is appended.</summary>
    public string LogDirectory => Path.Combine(_executionContext.StateDirectory, "logs");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!LibC.TrySetChildSubreaper())
        {
            LogNoSubreaper();
        }

        AllocateEndpoints();
        foreach (var resource in _model.Resources)
        {
            switch (resource)
            {
                case ProjectResource or ExecutableResource:
                    var logs = new ResourceLogBuffer(_options.Value.LogBufferLines, _timeProvider, new ResourceLogFile(Path.Combine(LogDirectory, $"{resource.Name}.log")));
                    _runners[resource.Name] = new ResourceRunner(resource, TypeOf(resource), logs, _runContext, OnChanged);
                    break;
                case ContainerResource container:
                    _containers[container.Name] = new ResourceSnapshot(container.Name, "Container", KnownResourceStates.NotStarted, ResourceHealth.Unknown, [], null, null, null, null, ContainerReason);
                    LogNotStarted(container.Name, KnownResourceStates.NotStarted, ContainerReason);
                    break;
            }
        }

        DependencyGraph.Levels(_runners.Values.Select(r => r.Resource), out var cycles);
        _reaping = MaintainProcessTableAsync(_lifetime.Token);
        return Task.WhenAll(_runners.Values.Select(runner => cycles.TryGetValue(runner.Resource, out var cycle)
            ? FailCycle(runner, cycle)
            : runner.StartAsync(cancellationToken)));

        static Task FailCycle(ResourceRunner runner, string cycle)
        {
            runner.FailWithoutStarting($"WaitFor cycle: {cycle}");
            return Task.CompletedTask;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // If the host stops waiting for us, kill at once: returning from Main would orphan every child.
        await using var deadline = cancellationToken.Register(KillAll);
        var grace = _options.Value.StopGracePeriod;
        // Before stopping orphans them, note every process below a resource.
        _owned.Record(ProcessTree.Snapshot(), RunningGroups());
        var levels = DependencyGraph.Levels(_runners.Values.Select(r => r.Resource), out _);
        try
        {
            foreach (var level in _runners.Values.GroupBy(r => levels.GetValueOrDefault(r.Resource)).OrderByDescending(g => g.Key))
            {
                await Task.WhenAll(level.Select(StopForShutdownAsync));
            }
        }
        finally
        {
            // Whatever went wrong above, nothing may be left running.
            KillAll();
            await _lifetime.CancelAsync();
            await _reaping;
            await _sweeper.SweepAsync(IsOurs, grace);
            LogStopped();
        }
    }

    private async Task StopForShutdownAsync(ResourceRunner runner)
    {
        try
        {
            await runner.StopAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogStopFailed(e, runner.Resource.Name);
        }
    }

    public IReadOnlyList<ResourceSnapshot> GetSnapshots() =>
        _model.Resources
            .Select(r => _runners.TryGetValue(r.Name, out var runner) ? runner.Snapshot : _containers.GetValueOrDefault(r.Name))
            .OfType<ResourceSnapshot>()
            .ToArray();

    public IAsyncEnumerable<ResourceSnapshot> WatchAsync(CancellationToken cancellationToken) =>
        _changes.ReadAsync(GetSnapshots, cancellationToken);

    public IAsyncEnumerable<ResourceLogLine> WatchLogsAsync(string resourceName, CancellationToken cancellationToken) =>
        _containers.ContainsKey(resourceName)
            ? AsyncEnumerable.Empty<ResourceLogLine>()
            : FindRunner(resourceName).Logs.WatchAsync(cancellationToken);

    /// <summary>The lines still buffered for a resource.</summary>
    public IReadOnlyList<ResourceLogLine> GetLogs(string resourceName) => FindRunner(resourceName).Logs.GetLines();

    public Task ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken)
    {
        if (!KnownResourceCommands.All.Contains(commandName, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Unknown command '{commandName}'; the commands are {string.Join(", ", KnownResourceCommands.All)}.", nameof(commandName));
        }

        if (_containers.ContainsKey(resourceName))
        {
            throw new InvalidOperationException($"Resource '{resourceName}' is {ContainerReason}; it cannot be {commandName}ed here.");
        }

        var runner = FindRunner(resourceName);
        if (Volatile.Read(ref _stopped) == 1)
        {
            throw new InvalidOperationException("The AppHost is shutting down.");
        }

        LogCommand(runner.Resource.Name, commandName);
        return commandName switch
        {
            KnownResourceCommands.Start => runner.StartAsync(cancellationToken),
            KnownResourceCommands.Stop => runner.StopAsync(cancellationToken),
            _ => runner.RestartAsync(cancellationToken),
        };
    }

    public async ValueTask DisposeAsync()
    {
        // The container disposes it once per service it is registered as.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // A host whose start failed (say, the dashboard's port was taken) disposes without stopping: stop anyway, so
        // that runs still waiting or starting are cancelled before they launch anything, and sweep what is left.
        if (Volatile.Read(ref _stopped) == 0)
        {
            using var deadline = new CancellationTokenSource(_options.Value.StopGracePeriod);
            await StopAsync(deadline.Token);
        }

        KillAll();
        await _lifetime.CancelAsync();
        await _reaping;
        foreach (var runner in _runners.Values)
        {
            runner.Dispose();
        }

        _runContext.HealthChecker.Dispose();
        _lifetime.Dispose();
    }

    private ResourceRunner FindRunner(string resourceName) =>
        _runners.GetValueOrDefault(resourceName)
        ?? throw new ArgumentException(
            $"Unknown resource '{resourceName}'; the resources are {string.Join(", ", _runners.Keys.Concat(_containers.Keys))}.", nameof(resourceName));

    private void AllocateEndpoints()
    {
        foreach (var resource in _model.Resources.Where(r => r is ProjectResource or ExecutableResource))
        {
            foreach (var endpoint in resource.GetEndpoints())
            {
                var port = endpoint.Port ?? _ports.AllocateFreePort();
                endpoint.AllocatedEndpoint = new AllocatedEndpoint(PortAllocator.LoopbackHost, port, endpoint.UriScheme);
            }
        }
    }

    /// <summary>
    /// Whether the shutdown sweep may stop this descendant. Processes marked by another orchestrator in the same
    /// process (a test host running several AppHosts) are that one's to stop.
    /// </summary>
    private bool IsOurs(ProcessInfo process)
    {
        var marker = ProcessTree.EnvironmentValue(process.Pid, RunModeVariables.InstanceVariable);
        if (marker is not null)
        {
            return marker == _runModeVariables.InstanceId;
        }

        return _options.Value.SweepScope == ProcessSweepScope.AllDescendants || _owned.Contains(process);
    }

    private IEnumerable<int> RunningGroups() => _runners.Values.Select(r => r.ProcessGroup).OfType<int>();

    /// <summary>Reaps adopted zombies and keeps track of what runs below the resources.</summary>
    private async Task MaintainProcessTableAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Value.ReapInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var snapshot = ProcessTree.Snapshot();
                _reaper.ReapOnce(snapshot);
                _owned.Record(snapshot, RunningGroups());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void KillAll()
    {
        foreach (var runner in _runners.Values)
        {
            runner.Kill();
        }
    }

    private void OnChanged(ResourceSnapshot before, ResourceSnapshot after)
    {
        _changes.Publish(() => after);
        if (before.State != after.State)
        {
            LogState(after);
        }
        else if (before.Health != after.Health)
        {
            LogHealth(before.Health, after);
        }
    }

    private void LogState(ResourceSnapshot snapshot)
    {
        switch (snapshot.State)
        {
            case KnownResourceStates.FailedToStart:
                LogFailedToStart(snapshot.Name, snapshot.State, snapshot.StateReason);
                break;
            case KnownResourceStates.Running when snapshot.Endpoints.Count > 0:
                LogRunning(snapshot.Name, snapshot.State, string.Join(", ", snapshot.Endpoints.Select(e => e.Url)));
                break;
            case KnownResourceStates.Exited when snapshot.StateReason is null:
                LogExited(snapshot.Name, snapshot.State, snapshot.ExitCode);
                break;
            default:
                LogStateChange(snapshot.Name, snapshot.State);
                break;
        }
    }

    /// <summary>Healthy is news; so is losing it. Not being healthy yet right after a start is not.</summary>
    private void LogHealth(ResourceHealth before, ResourceSnapshot snapshot)
    {
        switch (snapshot.Health)
        {
            case ResourceHealth.Healthy:
                LogHealthy(snapshot.Name, snapshot.Health);
                break;
            case ResourceHealth.Unhealthy or ResourceHealth.Degraded when before == ResourceHealth.Healthy:
                LogNoLongerHealthy(snapshot.Name, snapshot.Health);
                break;
            case ResourceHealth.Unhealthy or ResourceHealth.Degraded:
                LogNotHealthyYet(snapshot.Name, snapshot.Health);
                break;
        }
    }

    private static string TypeOf(IResource resource) => resource switch
    {
        ProjectResource => "Project",
        ExecutableResource => "Executable",
        _ => resource.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is {State}")]
    private partial void LogStateChange(string resource, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is {State} at {Urls}")]
    private partial void LogRunning(string resource, string state, string urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is {Health}")]
    private partial void LogHealthy(string resource, ResourceHealth health);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} is {Health}")]
    private partial void LogNoLongerHealthy(string resource, ResourceHealth health);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Resource} is {Health}")]
    private partial void LogNotHealthyYet(string resource, ResourceHealth health);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} is {State}: {Reason}")]
    private partial void LogFailedToStart(string resource, string state, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} is {State} with code {ExitCode}")]
    private partial void LogExited(string resource, string state, int? exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is {State}: {Reason}")]
    private partial void LogNotStarted(string resource, string state, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} requested for {Resource}")]
    private partial void LogCommand(string resource, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not become a child subreaper; orphaned grandchildren may outlive the AppHost")]
    private partial void LogNoSubreaper();

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping {Resource} failed; it is killed")]
    private partial void LogStopFailed(Exception exception, string resource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every resource is stopped")]
    private partial void LogStopped();
}
