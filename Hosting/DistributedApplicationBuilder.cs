using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.Hosting;

internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder _hostBuilder;
    private readonly List<IResource> _resources = [];

    public DistributedApplicationBuilder(DistributedApplicationArguments arguments)
    {
        _hostBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = arguments.HostArgs,
            ApplicationName = "Lakehouse.AppHost",
        });
        AppHostDirectory = arguments.AppHostDirectory ?? Directory.GetCurrentDirectory();
        ExecutionContext = new DistributedApplicationExecutionContext(
            arguments.Operation,
            StateDirectory.Resolve(_hostBuilder.Configuration),
            arguments.OutputPath is null ? null : Path.GetFullPath(arguments.OutputPath));
    }

    public ConfigurationManager Configuration => _hostBuilder.Configuration;

    public IHostEnvironment Environment => _hostBuilder.Environment;

    public IServiceCollection Services => _hostBuilder.Services;

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public string AppHostDirectory { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{resource.Name}': a resource with that name already exists.");
        }

        _resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(this, resource);

    public DistributedApplication Build()
    {
        var model = new DistributedApplicationModel(_resources.ToArray());
        Services.AddSingleton(model);
        Services.AddSingleton(ExecutionContext);
        Services.AddSingleton(TimeProvider.System);
        if (ExecutionContext.IsPublishMode)
        {
            Services.AddLakehousePublishing();
        }
        else
        {
            Services.AddLakehouseOrchestration();
            Services.AddLakehouseDashboard();
        }

        return new DistributedApplication(_hostBuilder.Build());
    }
}

public sealed class DistributedApplicationException(string message) : Exception(message);
