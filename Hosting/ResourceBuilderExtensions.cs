using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

/// <summary>The Aspire verbs that configure any resource.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value ?? string.Empty);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, ReferenceExpression value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, EndpointReference endpoint)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = endpoint);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context => context.EnvironmentVariables[name] = parameter.Resource);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args)
        where T : IResourceWithArgs =>
        builder.WithArgs(context => context.Args.AddRange(args.Select(a => a is IResourceBuilder<IResource> b ? b.Resource : a)));

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Action<CommandLineArgsCallbackContext> callback)
        where T : IResourceWithArgs =>
        builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(callback));

    /// <summary>Passes a connection string as <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        return builder.WithEnvironment(context =>
            context.EnvironmentVariables[$"ConnectionStrings__{connectionName ?? resource.Name}"] = resource);
    }

    /// <summary>Passes every endpoint of the source as <c>services__{name}__{endpoint}__0</c>, for service discovery.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        return builder.WithEnvironment(context =>
        {
            foreach (var endpoint in resource.GetEndpoints())
            {
                context.EnvironmentVariables[$"services__{resource.Name}__{endpoint.Name}__0"] = new EndpointReference(resource, endpoint.Name);
            }
        });
    }

    /// <summary>Passes one endpoint as <c>services__{name}__{endpoint}__0</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, EndpointReference endpoint)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context =>
            context.EnvironmentVariables[$"services__{endpoint.Resource.Name}__{endpoint.EndpointName}__0"] = endpoint);

    /// <summary>The resource starts only once the dependency is Running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitUntilHealthy));

    /// <summary>The resource starts only once the dependency has exited successfully.</summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitForCompletion));

    public static IResourceBuilder<T> WithEndpoint<T>(
        this IResourceBuilder<T> builder,
        string name,
        string scheme = "tcp",
        int? port = null,
        int? targetPort = null,
        string? env = null,
        bool isExternal = false)
        where T : IResourceWithEndpoints
    {
        ResourceName.Validate(name);
        if (builder.Resource.GetEndpoints().Any(e => e.Name == name))
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' already has an endpoint named '{name}'.");
        }

        builder.WithAnnotation(new EndpointAnnotation(name, scheme, port: port, targetPort: targetPort, isExternal: isExternal, environmentVariable: env));
        if (env is not null && builder.Resource is IResourceWithEnvironment)
        {
            // The process learns the port it listens on from this variable, as in Aspire: {x.bindings.ep.targetPort}.
            var listenPort = new EndpointReference(builder.Resource, name).Property(EndpointProperty.TargetPort);
            builder.WithAnnotation(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[env] = listenPort));
        }

        return builder;
    }

    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string name = "http", string? env = null)
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name, "http", port, targetPort, env);

    public static IResourceBuilder<T> WithHttpsEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string name = "https", string? env = null)
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name, "https", port, targetPort, env);

    /// <summary>Marks every http(s) endpoint as reachable from outside the cluster.</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.GetEndpoints().Where(e => e.IsHttp))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name)
        where T : IResourceWithEndpoints =>
        new(builder.Resource, name);

    /// <summary>Healthy once GET <paramref name="path"/> answers <paramref name="statusCode"/>.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", int statusCode = 200, string? endpointName = null)
        where T : IResourceWithEndpoints
    {
        var endpoint = endpointName
            ?? builder.Resource.GetEndpoints().FirstOrDefault(e => e.IsHttp)?.Name
            ?? throw new InvalidOperationException($"Resource '{builder.Resource.Name}' has no http endpoint to check.");
        return builder.WithAnnotation(new HttpHealthCheckAnnotation(endpoint, path, statusCode));
    }

    /// <summary>Healthy once the endpoint accepts a TCP connection.</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, string endpointName)
        where T : IResourceWithEndpoints =>
        builder.WithAnnotation(new TcpHealthCheckAnnotation(endpointName));

    /// <summary>Healthy once the command exits 0.</summary>
    public static IResourceBuilder<T> WithCommandHealthCheck<T>(this IResourceBuilder<T> builder, string command, params string[] args)
        where T : IResource =>
        builder.WithAnnotation(new CommandHealthCheckAnnotation(command, args));
}

/// <summary>Hooks that run in run mode only.</summary>
public static class RunModeResourceBuilderExtensions
{
    /// <summary>Runs before each start of the resource, after its endpoints are allocated.</summary>
    public static IResourceBuilder<T> OnBeforeStart<T>(this IResourceBuilder<T> builder, Func<BeforeStartContext, Task> callback)
        where T : IResource =>
        builder.WithAnnotation(new BeforeStartAnnotation(callback));
}
