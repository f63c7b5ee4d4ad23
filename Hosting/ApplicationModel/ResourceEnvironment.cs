namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Runs a resource's environment and argument callbacks: one evaluation serves run mode and both publishers.</summary>
public static class ResourceEnvironment
{
    /// <summary>The environment, in the order it was declared; values are strings or expression objects.</summary>
    public static async Task<IReadOnlyDictionary<string, object>> GetEnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
    {
        var context = new EnvironmentCallbackContext(executionContext, cancellationToken: cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    /// <summary>The arguments in order; values are strings or expression objects.</summary>
    public static async Task<IReadOnlyList<object>> GetArgumentsAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
    {
        var context = new CommandLineArgsCallbackContext(executionContext, cancellationToken: cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        return context.Args;
    }

    /// <summary>A run-mode value: plain text, or the value an expression resolves to.</summary>
    public static async ValueTask<string> ResolveValueAsync(object value, CancellationToken cancellationToken = default) => value switch
    {
        string text => text,
        IValueProvider provider => await provider.GetValueAsync(cancellationToken) ?? string.Empty,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>A manifest value: plain text, or an expression such as <c>{hub.bindings.http.url}</c>.</summary>
    public static string ToManifestValue(object value) => value switch
    {
        string text => text,
        IManifestExpressionProvider provider => provider.ValueExpression,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public static IEnumerable<EndpointAnnotation> GetEndpoints(this IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>();

    /// <summary>The resources this one waits for before it starts.</summary>
    public static IEnumerable<WaitAnnotation> GetWaits(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>();
}
