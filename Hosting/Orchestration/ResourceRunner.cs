using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Shared.Networking;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// The life of one process resource: wait for dependencies, check ports, run before-start callbacks, start,
/// watch health, and record how it ended. One run at a time; start, stop and restart are serialised.
/// </summary>
internal sealed class ResourceRunner : IDisposable
{
    private readonly ResourceRunContext _context;
    private readonly Action<ResourceSnapshot, ResourceSnapshot> _onChanged;
    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly Lock _gate = new();
    private ResourceSnapshot _snapshot;
    private TaskCompletionSource _changed = NewSignal();
    private CancellationTokenSource? _runCancellation;
    private Task _run = Task.CompletedTask;
    private ResourceProcess? _process;
    private bool _stopRequested;

    public ResourceRunner(IResource resource, string type, ResourceLogBuffer logs, ResourceRunContext context, Action<ResourceSnapshot, ResourceSnapshot> onChanged)
    {
        Resource = resource;
        Logs = logs;
        _context = context;
        _onChanged = onChanged;
        var endpoints = resource.GetEndpoints()
            .Where(e => e.AllocatedEndpoint is not null)
            .Select(e => new EndpointSnapshot(e.Name, e.AllocatedEndpoint!.UriString, e.IsExternal))
            .ToArray();
        _snapshot = new ResourceSnapshot(resource.Name, type, KnownResourceStates.NotStarted, ResourceHealth.Unknown, endpoints, null, null, null, null, null);
    }

    public IResource Resource { get; }

    public ResourceLogBuffer Logs { get; }

    public ResourceSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Completes at the next change of the snapshot.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>The process group of the running process, if any.</summary>
    public int? ProcessGroup => _process is { HasExited: false } process ? process.ProcessGroup : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _commands.WaitAsync(cancellationToken);
        try
        {
            StartRun();
        }
        finally
        {
            _commands.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _commands.WaitAsync(cancellationToken);
        try
        {
            await StopRunAsync();
        }
        finally
        {
            _commands.Release();
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _commands.WaitAsync(cancellationToken);
        try
        {
            await StopRunAsync();
            StartRun();
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Marks the resource as unable to start without running it (e.g. it is part of a WaitFor cycle).</summary>
    public void FailWithoutStarting(string reason) => Fail(reason);

    /// <summary>Last resort when the AppHost is going away without a proper stop: SIGKILL the group now.</summary>
    public void Kill()
    {
        if (ProcessGroup is { } group)
        {
            LibC.SignalGroup(group, LibC.SigKill);
        }
    }

    private void StartRun()
    {
        lock (_gate)
        {
            if (!_run.IsCompleted)
            {
                return; // already waiting, starting or running
            }

            _stopRequested = false;
            _runCancellation?.Dispose();
            _runCancellation = new CancellationTokenSource();
            var token = _runCancellation.Token;
            _run = Task.Run(() => RunAsync(token), CancellationToken.None);
        }
    }

    private async Task StopRunAsync()
    {
        Task run;
        ResourceProcess? process;
        lock (_gate)
        {
            _stopRequested = true;
            _runCancellation?.Cancel();
            run = _run;
            process = _process;
        }

        if (process is { HasExited: false })
        {
            Update(s => s with { State = KnownResourceStates.Stopping });
            await process.StopAsync(_context.Options.Value.StopGracePeriod, _context.TimeProvider);
        }

        await run;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Resource.GetWaits().Any())
            {
                Update(s => s with { State = KnownResourceStates.Waiting, Health = ResourceHealth.Unknown, StateReason = null });
            }

            await DependencyWait.WaitAsync(Resource, _context.FindRunner, cancellationToken);
            Update(s => s with
            {
                State = KnownResourceStates.Starting,
                Health = ResourceHealth.Unknown,
                ExitCode = null,
                ProcessId = null,
                StopTime = null,
                StateReason = null,
            });
            EnsurePortsFree();
            await RunBeforeStartCallbacksAsync(cancellationToken);
            var spec = await _context.LaunchSpecs.CreateAsync(Resource, cancellationToken);
            await RunProcessAsync(spec, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Update(s => s.State is KnownResourceStates.Waiting or KnownResourceStates.Starting
                ? s with { State = KnownResourceStates.NotStarted, StateReason = "stopped before it started" }
                : s);
        }
        catch (ResourceStartException e)
        {
            Fail(e.Message);
        }
        catch (Exception e)
        {
            // Anything unexpected (a throwing environment callback, an unreadable state folder) ends the run visibly
            // instead of leaving the resource Starting, its dependants Waiting, and every later command failing.
            Kill();
            Fail($"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task RunProcessAsync(LaunchSpec spec, CancellationToken cancellationToken)
    {
        ResourceProcess process;
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            process = _context.Launcher.Start(spec, Logs.Append);
            _process = process;
        }

        using (process)
        {
            var hasHealthChecks = Resource.Annotations.OfType<HealthCheckAnnotation>().Any();
            Update(s => s with
            {
                State = KnownResourceStates.Running,
                Health = hasHealthChecks ? ResourceHealth.Unknown : ResourceHealth.Healthy,
                ProcessId = process.Pid,
                StartTime = _context.TimeProvider.GetUtcNow(),
            });

            using var healthCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var health = hasHealthChecks ? MonitorHealthAsync(healthCancellation.Token) : Task.CompletedTask;
            var exitCode = await process.WaitForExitAsync();
            await healthCancellation.CancelAsync();
            await health;

            bool stopped;
            lock (_gate)
            {
                stopped = _stopRequested;
                _process = null;
            }

            Update(s => s with
            {
                State = exitCode == 0 && !stopped ? KnownResourceStates.Finished : KnownResourceStates.Exited,
                Health = ResourceHealth.Unknown,
                ExitCode = exitCode,
                StopTime = _context.TimeProvider.GetUtcNow(),
                StateReason = stopped ? "stopped" : null,
            });

            // Whatever the leader left in its own group goes with it, as a service manager would do;
            // processes that started their own session (a spawner's Jupyter servers) are not touched.
            if (!stopped && Orchestration.ProcessTree.GroupHasLiveMembers(process.ProcessGroup))
            {
                await Orchestration.ProcessGroup.TerminateAsync(process.ProcessGroup, _context.Options.Value.StopGracePeriod, _context.TimeProvider);
            }
        }
    }

    private async Task MonitorHealthAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options.Value;
        // A starting process is polled often, backing off to UnhealthyCheckInterval: dependants start as soon as
        // it is ready, and a resource that stays unhealthy is not probed many times a second.
        var unhealthyInterval = TimeSpan.FromTicks(Math.Min(options.FirstCheckInterval.Ticks, options.UnhealthyCheckInterval.Ticks));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var health = await _context.HealthChecker.CheckAsync(Resource, cancellationToken);
                Update(s => s.State == KnownResourceStates.Running ? s with { Health = health } : s);
                TimeSpan interval;
                if (health == ResourceHealth.Healthy)
                {
                    interval = options.HealthyCheckInterval;
                    unhealthyInterval = options.UnhealthyCheckInterval;
                }
                else
                {
                    interval = unhealthyInterval;
                    unhealthyInterval = TimeSpan.FromTicks(Math.Min(unhealthyInterval.Ticks * 2, options.UnhealthyCheckInterval.Ticks));
                }

                await Task.Delay(interval, _context.TimeProvider, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void EnsurePortsFree()
    {
        foreach (var endpoint in Resource.GetEndpoints())
        {
            if (endpoint.AllocatedEndpoint is { } allocated && !LoopbackPortSearch.IsFree(allocated.Port))
            {
                throw new ResourceStartException($"port {allocated.Port} of endpoint '{endpoint.Name}' is already in use");
            }
        }
    }

    private async Task RunBeforeStartCallbacksAsync(CancellationToken cancellationToken)
    {
        var context = new BeforeStartContext(Resource, _context.ExecutionContext, _context.Services, cancellationToken);
        foreach (var annotation in Resource.Annotations.OfType<BeforeStartAnnotation>())
        {
            Directory.CreateDirectory(context.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            try
            {
                await annotation.Callback(context);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new ResourceStartException(e.Message);
            }
        }
    }

    private void Fail(string reason) =>
        Update(s => s with { State = KnownResourceStates.FailedToStart, Health = ResourceHealth.Unknown, StateReason = reason, ProcessId = null });

    private void Update(Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        ResourceSnapshot before;
        ResourceSnapshot after;
        TaskCompletionSource changed;
        lock (_gate)
        {
            before = _snapshot;
            after = change(before);
            if (after == before)
            {
                return;
            }

            Volatile.Write(ref _snapshot, after);
            changed = _changed;
            _changed = NewSignal();
            // Inside the lock, so readers see the changes of one resource in the order they happened.
            _onChanged(before, after);
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _runCancellation?.Dispose();
        _commands.Dispose();
        Logs.Dispose();
    }
}
