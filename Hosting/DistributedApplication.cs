using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.Hosting;

/// <summary>The AppHost: runs every resource locally, or publishes the manifests.</summary>
public sealed class DistributedApplication(IHost host) : IHost, IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(DistributedApplicationArguments.Parse(args, FindAppHostDirectory(Assembly.GetEntryAssembly())));

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationArguments arguments) =>
        new DistributedApplicationBuilder(arguments);

    public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);

    public Task RunAsync(CancellationToken cancellationToken = default) => host.RunAsync(cancellationToken);

    public void Run() => host.Run();

    public void Dispose() => host.Dispose();

    public ValueTask DisposeAsync() => host is IAsyncDisposable asyncDisposable ? asyncDisposable.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>The AppHost project folder, recorded at build time as assembly metadata <c>AppHostProjectDirectory</c>.</summary>
    private static string? FindAppHostDirectory(Assembly? assembly) =>
        assembly?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value;
}
