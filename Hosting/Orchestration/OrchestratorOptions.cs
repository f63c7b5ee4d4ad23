namespace Lakehouse.Hosting.Orchestration;

/// <summary>Which processes the shutdown sweep may stop.</summary>
public enum ProcessSweepScope
{
    /// <summary>Every process still descended from the AppHost: nothing is left behind.</summary>
    AllDescendants,

    /// <summary>
    /// Only processes the resources started: anything carrying this orchestrator's marker variable, and anything
    /// ever seen below a resource (tracked every <see cref="OrchestratorOptions.ReapInterval"/>). For hosts that run
    /// other children too, such as a test host running AppHosts next to a browser.
    /// </summary>
    Owned,
}

/// <summary>Run-mode settings, bound from configuration <c>Lakehouse:Orchestrator</c>.</summary>
public sealed class OrchestratorOptions
{
    public const string SectionName = "Lakehouse:Orchestrator";

    /// <summary>How long a resource gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lines of console output kept per resource for the dashboard.</summary>
    public int LogBufferLines { get; set; } = 5000;

    /// <summary>First health poll interval after a start; it doubles up to <see cref="UnhealthyCheckInterval"/>.</summary>
    public TimeSpan FirstCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Health poll interval until the resource is healthy.</summary>
    public TimeSpan UnhealthyCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Health poll interval once the resource is healthy.</summary>
    public TimeSpan HealthyCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one health check may take before it counts as failed.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often adopted orphans are reaped and the processes below each resource recorded.</summary>
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(2);

    public ProcessSweepScope SweepScope { get; set; } = ProcessSweepScope.AllDescendants;

    /// <summary>
    /// First and last loopback port given to endpoints without a fixed one. Below the kernel's ephemeral range
    /// (32768 and up unless changed), so that no program's outgoing connection or <c>bind</c> to port 0 can take a
    /// service's port while it restarts; and apart from the spawner's servers (20000–29999 by default).
    /// </summary>
    public int FirstPort { get; set; } = 10000;

    public int LastPort { get; set; } = 19999;

    /// <summary>
    /// The OTLP collector projects export to. When empty, configuration <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (the AppHost's own environment variable) is used; when both are empty, no exporter variables are set.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>; defaults to configuration <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, then <c>grpc</c>.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>The longest a full shutdown can take: dependents first, a grace period per level, then the sweep.</summary>
    public TimeSpan ShutdownBudget(int dependencyLevels) =>
        StopGracePeriod * (Math.Max(1, dependencyLevels) + 1) + TimeSpan.FromSeconds(15);
}
