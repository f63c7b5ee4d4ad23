using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>Port a project listens on inside its container, as Aspire publishes it.</summary>
    public const int ContainerHttpPort = 8080;

    /// <summary>Adds a .NET project of this solution with an <c>http</c> endpoint, as a launch profile would give it.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject());

    /// <summary>Adds the project that <paramref name="metadata"/> describes, as <see cref="AddProject{TProject}"/> does.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, IProjectMetadata metadata)
    {
        var project = new ProjectResource(name, metadata);
        var resource = builder.AddResource(project)
            .WithAnnotation(new EndpointAnnotation("http", "http"));
        return resource.WithEnvironment(context =>
        {
            context.EnvironmentVariables["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
            context.EnvironmentVariables["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
            context.EnvironmentVariables["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
            if (context.ExecutionContext.IsPublishMode)
            {
                context.EnvironmentVariables["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
                var ports = project.GetEndpoints()
                    .Where(e => e.IsHttp && e.EnvironmentVariable is null)
                    .Select(e => new EndpointReference(project, e.Name).Property(EndpointProperty.TargetPort))
                    .ToList();
                if (ports.Count > 0)
                {
                    context.EnvironmentVariables["HTTP_PORTS"] = JoinExpressions(ports);
                }
            }
        });
    }

    private static ReferenceExpression JoinExpressions(IReadOnlyList<EndpointReferenceExpression> parts)
    {
        var handler = new ReferenceExpression.ExpressionInterpolatedStringHandler(0, parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                handler.AppendLiteral(";");
            }

            handler.AppendFormatted(parts[i]);
        }

        return ReferenceExpression.Create(handler);
    }
}
