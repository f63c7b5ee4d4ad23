using System.Collections.Concurrent;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Tests.Orchestration;

/// <summary>
/// An AppHost built through the public builder API with its own temporary state folder, a short stop grace period
/// and its console log captured. Disposal stops it (killing everything it started) even when a test failed.
/// </summary>
internal sealed class TestAppHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CapturedLogs _logs = new();
    private DistributedApplication? _app;

    public TestAppHost(params string[] args)
    {
        StateDirectory = Directory.CreateTempSubdirectory("lakehouse-orchestrator-tests-").FullName;
        WorkDirectory = Directory.CreateDirectory(Path.Combine(StateDirectory, "work")).FullName;
        Builder = DistributedApplication.CreateBuilder(DistributedApplicationArguments.Parse(
        [
            $"--Lakehouse:StateDirectory={StateDirectory}",
            "--Lakehouse:Orchestrator:StopGracePeriod=00:00:03",
            // The test host runs several AppHosts at once: each sweeps only what it started.
            "--Lakehouse:Orchestrator:SweepScope=Owned",
            "--Dashboard:Url=http://127.0.0.1:0",
            .. args,
        ]));
        Builder.Services.AddSingleton<ILoggerProvider>(_logs);
    }

    public IDistributedApplicationBuilder Builder { get; }

    public string StateDirectory { get; }

    /// <summary>A folder executables can run in.</summary>
    public string WorkDirectory { get; }

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Call StartAsync first.");

    public ResourceOrchestrator Orchestrator => App.Services.GetRequiredService<ResourceOrchestrator>();

    public IResourceMonitor Monitor => App.Services.GetRequiredService<IResourceMonitor>();

    /// <summary>Every message the AppHost logged, formatted.</summary>
    public IReadOnlyCollection<string> LogMessages => _logs.Messages;

    public DistributedApplication Build() => _app = Builder.Build();

    public async Task StartAsync()
    {
        _app ??= Builder.Build();
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    public ResourceSnapshot Snapshot(string name) =>
        Monitor.GetSnapshots().SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"No snapshot for '{name}'.");

    /// <summary>Polls until the resource's snapshot satisfies the condition; fails with its last state and log otherwise.</summary>
    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var snapshot = Snapshot(name);
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (DateTime.UtcNow > deadline)
            {
                var output = string.Join('\n', Orchestrator.GetLogs(name).Select(l => l.Text));
                Assert.Fail($"'{name}' did not become {what} within {Timeout}: {snapshot}\noutput:\n{output}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public Task<ResourceSnapshot> WaitForStateAsync(string name, string state) =>
        WaitForAsync(name, s => s.State == state, state);

    public Task<ResourceSnapshot> WaitForHealthyAsync(string name) =>
        WaitForAsync(name, s => s is { State: KnownResourceStates.Running, Health: ResourceHealth.Healthy }, "Running and Healthy");

    /// <summary>Waits for a line of the resource's output that starts with the prefix; returns the rest of it.</summary>
    public async Task<string> WaitForOutputAsync(string name, string prefix)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = Orchestrator.GetLogs(name).FirstOrDefault(l => l.Text.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.Text[prefix.Length..];
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"'{name}' printed no line starting with '{prefix}' within {Timeout}.");
        return string.Empty;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            try
            {
                await _app.StopAsync(CancellationToken.None);
            }
            finally
            {
                await _app.DisposeAsync();
            }
        }

        Directory.Delete(StateDirectory, recursive: true);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages.ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
