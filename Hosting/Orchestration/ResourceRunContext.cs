using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>What every <see cref="ResourceRunner"/> shares: how to build, start and check a process.</summary>
internal sealed record ResourceRunContext(
    DistributedApplicationExecutionContext ExecutionContext,
    IServiceProvider Services,
    LaunchSpecFactory LaunchSpecs,
    ProcessLauncher Launcher,
    HealthChecker HealthChecker,
    IOptions<OrchestratorOptions> Options,
    TimeProvider TimeProvider,
    Func<string, ResourceRunner?> FindRunner);
