using System.Globalization;
using System.Security.Cryptography;
using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// The variables Aspire's orchestrator gives processes in run mode, before the resource's own environment
/// callbacks (which may override them): listen URLs, environment name, OpenTelemetry settings, and the state folder.
/// An endpoint's own port variable (<c>WithEndpoint(env: …)</c>) comes from its environment callback, in both modes.
/// </summary>
internal sealed class RunModeVariables(
    IConfiguration configuration, IOptions<OrchestratorOptions> options, DistributedApplicationExecutionContext executionContext)
{
    private const string DevelopmentEnvironment = "Development";

    /// <summary>Set in every process the orchestrator starts, so the shutdown sweep can recognise them even after they daemonize.</summary>
    public const string InstanceVariable = "LAKEHOUSE_APPHOST_INSTANCE";

    public string InstanceId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public Dictionary<string, string> For(IResource resource)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [InstanceVariable] = InstanceId };
        if (resource is ProjectResource project)
        {
            AddProjectVariables(project, variables);
        }

        return variables;
    }

    private void AddProjectVariables(ProjectResource project, Dictionary<string, string> variables)
    {
        var urls = project.GetEndpoints()
            .Where(e => e.IsHttp && e.EnvironmentVariable is null && e.AllocatedEndpoint is not null)
            .Select(e => e.AllocatedEndpoint!.UriString)
            .ToList();
        if (urls.Count > 0)
        {
            variables["ASPNETCORE_URLS"] = string.Join(';', urls);
        }

        var environmentName = EnvironmentName();
        variables["ASPNETCORE_ENVIRONMENT"] = environmentName;
        variables["DOTNET_ENVIRONMENT"] = environmentName;
        // Services keep their local state (the spawner's records, the hub's database) beside the AppHost's.
        variables[StateDirectory.EnvironmentVariable] = executionContext.StateDirectory;
        variables["OTEL_SERVICE_NAME"] = project.Name;
        variables["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={project.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

        var otlpEndpoint = FirstNonEmpty(options.Value.OtlpEndpoint, configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (otlpEndpoint is not null)
        {
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
            variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = FirstNonEmpty(options.Value.OtlpProtocol, configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) ?? "grpc";
            // Local development wants telemetry on the dashboard at once, not after the default 5-60 s batches.
            variables["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }
    }

    /// <summary>The AppHost's own environment when one was given (DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT or --environment); Development otherwise, as a local run is.</summary>
    private string EnvironmentName() =>
        FirstNonEmpty(
            configuration[HostDefaults.EnvironmentKey],
            configuration["DOTNET_ENVIRONMENT"],
            configuration["ASPNETCORE_ENVIRONMENT"]) ?? DevelopmentEnvironment;

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
