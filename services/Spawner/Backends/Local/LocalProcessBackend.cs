using System.Collections.Concurrent;
using System.Diagnostics;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.State;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Servers as local processes: Debian's <c>jupyter server</c> on a loopback port, as the user's uid/gid when the
/// spawner runs as root (otherwise starts are refused, unless <see cref="SpawnerOptions.AllowSharedUser"/> lets servers
/// run as the spawner's own user, with a warning), in its own session, its output appended to
/// <c>logs/servers/{name}.log</c>.
/// </summary>
internal sealed class LocalProcessBackend : IServerBackend, IDisposable
{
    private const UnixFileMode LogFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly StatePaths _paths;
    private readonly IUserHomes _homes;
    private readonly PortAllocator _ports;
    private readonly IOptions<SpawnerOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LocalProcessBackend> _logger;
    private readonly bool _asUser;
    private readonly ServerLogWatcher _logWatcher;

    // Processes this spawner started itself: only for them is the exit code known.
    private readonly ConcurrentDictionary<int, Process> _children = new();

    // What each server was last seen to have started: once a server dies, its kernels can no longer be found through it.
    private readonly ConcurrentDictionary<int, IReadOnlyList<ProcessInfo>> _families = new();

    public LocalProcessBackend(
        StatePaths paths,
        IUserHomes homes,
        PortAllocator ports,
        IOptions<SpawnerOptions> options,
        IProcessPrivileges privileges,
        TimeProvider timeProvider,
        ILogger<LocalProcessBackend> logger)
    {
        (_paths, _homes, _ports, _options, _timeProvider, _logger) = (paths, homes, ports, options, timeProvider, logger);
        _logWatcher = new ServerLogWatcher(paths.ServerLogs, logger);
        _asUser = privileges.IsPrivileged;
        if (_asUser)
        {
            return;
        }

        if (options.Value.AllowSharedUser)
        {
            _logger.LogWarning(
                "The spawner does not run as root: every server runs as the spawner's own user {User}, not as its user's uid",
                Environment.UserName);
        }
        else
        {
            _logger.LogWarning(
                "The spawner does not run as root: every start is refused (set Spawner:AllowSharedUser=true to run all servers as {User})",
                Environment.UserName);
        }
    }

    public async Task<ServerInstance> LaunchAsync(ServerLaunch launch, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_asUser && !_options.Value.AllowSharedUser)
        {
            // Refused before anything is created: no home, no port, no process.
            throw new ServerLaunchException(
                "The spawner does not run as root, so it cannot run servers as their users, and it will not run them as its own account " +
                "(users could read each other's files and the spawner's environment). Run the spawner as root, or set " +
                "Spawner:AllowSharedUser=true on a single-user machine.");
        }

        var identity = launch.Identity;
        var home = await _homes.EnsureAsync(identity, _asUser, progress, cancellationToken);

        var ports = _ports.Reserve(2);
        var (port, sparkUiPort) = (ports[0], ports[1]);
        try
        {
            var logPath = PrepareLog(identity.Name, port);
            var environment = ServerEnvironment.Create(launch, home, sparkUiPort);
            environment["PATH"] = "/usr/bin:/bin";
            var startInfo = ServerCommand.Create(_options.Value, identity, _asUser, port, home, logPath, environment);
            var process = Process.Start(startInfo) ?? throw new ServerLaunchException("The server process could not be started.");
            _children[process.Id] = process;

            // 0 when the process is already gone: it then never matches, and the spawn sees it exited.
            var startTime = ProcessInfo.Read(process.Id)?.StartTime ?? 0;
            var instance = new ServerInstance(
                identity.Name,
                new Uri($"http://127.0.0.1:{port}/user/{identity.Name}/"),
                new Uri($"http://127.0.0.1:{sparkUiPort}/"),
                port,
                sparkUiPort,
                process.Id,
                startTime);
            _logger.LogInformation(
                "Started the server of {Name}: pid {Pid}, port {Port}, running as {RunAs}",
                identity.Name,
                process.Id,
                port,
                _asUser ? $"uid {identity.Uid}" : Environment.UserName);
            progress.Report(new ProgressEvent(50, "Server process started"));
            return instance;
        }
        catch (Exception e) when (e is not ServerLaunchException)
        {
            _ports.Release(port, sparkUiPort);
            throw new ServerLaunchException($"The server process could not be started: {e.Message}", e);
        }
        catch
        {
            _ports.Release(port, sparkUiPort);
            throw;
        }
    }

    public ValueTask<ServerExit?> CheckAsync(ServerInstance instance, CancellationToken cancellationToken)
    {
        return ValueTask.FromResult(IsRunning(instance) ? null : DescribeExit(instance));
    }

    public ValueTask<IReadOnlyList<ServerExit>> SurveyAsync(IReadOnlyCollection<ServerInstance> running, CancellationToken cancellationToken)
    {
        var exits = new List<ServerExit>();
        if (running.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<ServerExit>>(exits);
        }

        var table = ProcessTable.Read();
        foreach (var instance in running)
        {
            if (table.IsAlive(instance.Pid, instance.ProcessStartTime))
            {
                _families[instance.Pid] = table.FamilyOf(instance.Pid, instance.ProcessStartTime);
            }
            else
            {
                exits.Add(DescribeExit(instance));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<ServerExit>>(exits);
    }

    public bool BootsOnThisMachine => true;

    public Task? NextProgress(ServerInstance instance) => _logWatcher.NextChange(instance.Name);

    public void Adopt(ServerInstance instance) => _ports.Claim(instance.Port, instance.SparkUiPort);

    public async Task StopAsync(ServerInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            var table = ProcessTable.Read();
            if (table.IsAlive(instance.Pid, instance.ProcessStartTime))
            {
                // Jupyter shuts its kernels down on SIGTERM; the whole group gets it, in case the server runs helpers.
                LibC.Kill(-instance.Pid, LibC.SIGTERM);
                LibC.Kill(instance.Pid, LibC.SIGTERM);
                await WaitUntilAsync(
                    () => !IsRunning(instance),
                    _options.Value.StopGracePeriod,
                    cancellationToken);
            }

            // Whatever is left (a server past its grace, kernels it did not stop or left behind when it died) is killed.
            table = ProcessTable.Read();
            var family = Remembered(instance.Pid)
                .Concat(table.FamilyOf(instance.Pid, instance.ProcessStartTime))
                .Concat(table.KernelsLeftBy(instance.Pid, instance.Name))
                .DistinctBy(p => p.Pid)
                .Where(p => table.IsAlive(p.Pid, p.StartTime))
                .ToList();
            foreach (var member in family)
            {
                LibC.Kill(member.Pid, LibC.SIGKILL);
            }

            if (family.Count > 0)
            {
                _logger.LogInformation("Killed {Count} leftover processes of the server of {Name}", family.Count, instance.Name);
                await WaitUntilAsync(
                    () => ProcessTable.Read() is var now && family.All(p => !now.IsAlive(p.Pid, p.StartTime)),
                    TimeSpan.FromSeconds(10),
                    cancellationToken);
            }
        }
        finally
        {
            _families.TryRemove(instance.Pid, out _);
            if (_children.TryRemove(instance.Pid, out var process))
            {
                process.Dispose();
            }

            _ports.Release(instance.Port, instance.SparkUiPort);
        }
    }

    public void Dispose()
    {
        _logWatcher.Dispose();
        // Disposing a Process object leaves the process running: servers outlive the spawner.
        foreach (var process in _children.Values)
        {
            process.Dispose();
        }
    }

    /// <summary>The server's pid is alive and still the same process (same start time): not reused, not a zombie.</summary>
    private static bool IsRunning(ServerInstance instance) =>
        ProcessInfo.Read(instance.Pid) is { IsDead: false } info && info.StartTime == instance.ProcessStartTime;

    private IReadOnlyList<ProcessInfo> Remembered(int pid) => _families.TryGetValue(pid, out var family) ? family : [];

    private ServerExit DescribeExit(ServerInstance instance)
    {
        if (_children.TryGetValue(instance.Pid, out var process) && process.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            var code = process.ExitCode;
            // .NET reports a child killed by signal N as 128 + N, as shells do.
            var reason = code switch
            {
                0 => "The server shut down.",
                > 128 and < 160 => $"The server was killed by signal {code - 128}.",
                _ => $"The server exited with code {code}; see its log.",
            };
            return new ServerExit(instance, code, reason);
        }

        return new ServerExit(instance, null, "The server process is gone.");
    }

    private string PrepareLog(string name, int port)
    {
        Directory.CreateDirectory(_paths.ServerLogs);
        var logPath = _paths.ServerLog(name);
        using var log = new FileStream(logPath, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            UnixCreateMode = LogFileMode,
        });
        using var writer = new StreamWriter(log);
        writer.WriteLine($"[lakehouse-spawner {_timeProvider.GetUtcNow():O}] starting the server of {name} on port {port}");
        return logPath;
    }

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + timeout;
        while (!condition() && _timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, cancellationToken);
        }
    }
}
