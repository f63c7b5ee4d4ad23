using Microsoft.Extensions.Hosting;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The dashboard app's lifetime is the AppHost's: it starts and stops with <see cref="DashboardServer"/>.
/// This replaces the default console lifetime, which would also hook Ctrl+C and SIGTERM, hold process exit until
/// disposed, and print a second "Application started" banner.</summary>
internal sealed class DashboardHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
