using System.Text.Json.Nodes;
using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Publishing;
using Lakehouse.Hosting.Publishing.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Publishing.Tests.Support;

/// <summary>
/// An AppHost model in publish mode, declared with the builder API as AppHost/Program.cs does, with its own output
/// and state folders. Configuration switches (<c>--Parameters:x=…</c>) go in <paramref name="configuration"/>.
/// </summary>
public sealed class PublishModel : IDisposable
{
    private DistributedApplication? _app;

    public PublishModel(params string[] configuration)
    {
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationArguments(
            DistributedApplicationOperation.Publish,
            Output.Path,
            [$"--{StateDirectory.ConfigurationKey}={State.Path}", .. configuration],
            Output.Path));
    }

    public TempDirectory Output { get; } = new("out");

    public TempDirectory State { get; } = new("state");

    public IDistributedApplicationBuilder Builder { get; }

    /// <summary>A folder beside the output one, for executables' working directories.</summary>
    public static string ToolsDirectory { get; } = Path.Combine(TempDirectory.Root, "tools");

    public IServiceProvider Services => (_app ??= Builder.Build()).Services;

    public async Task<string> ManifestTextAsync() =>
        await Services.GetRequiredService<AspireManifestWriter>()
            .WriteAsync(Services.GetRequiredService<DistributedApplicationModel>(), Output.Path, TestContext.Current.CancellationToken);

    /// <summary>The <c>resources</c> object of the manifest.</summary>
    public async Task<JsonObject> ManifestResourcesAsync() =>
        JsonNode.Parse(await ManifestTextAsync())!["resources"]!.AsObject();

    public async Task<IReadOnlyList<PublishedFile>> KubernetesFilesAsync() =>
        await Services.GetRequiredService<KubernetesManifestWriter>()
            .WriteAsync(Services.GetRequiredService<DistributedApplicationModel>(), TestContext.Current.CancellationToken);

    /// <summary>One Kubernetes file, parsed; fails when it was not written.</summary>
    public static JsonNode Document(IReadOnlyList<PublishedFile> files, string relativePath)
    {
        var file = files.SingleOrDefault(f => f.RelativePath == relativePath);
        Assert.True(file is not null, $"'{relativePath}' was not written; written: {string.Join(", ", files.Select(f => f.RelativePath))}");
        return Yaml.Parse(file.Content);
    }

    /// <summary>Publishes to <see cref="Output"/> as the AppHost's publish command does.</summary>
    public Task PublishAsync() =>
        Services.GetRequiredService<DistributedApplicationPublisher>().PublishAsync(TestContext.Current.CancellationToken);

    public void Dispose()
    {
        _app?.Dispose();
        Output.Dispose();
        State.Dispose();
    }
}
