namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Adds environment variables to a resource. Values are strings or expression objects
/// (<see cref="IValueProvider"/> plus <see cref="IManifestExpressionProvider"/>), resolved per mode.</summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    public EnvironmentCallbackAnnotation(Action<EnvironmentCallbackContext> callback)
        : this(context =>
        {
            callback(context);
            return Task.CompletedTask;
        })
    {
    }

    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}

public sealed class EnvironmentCallbackContext(
    DistributedApplicationExecutionContext executionContext,
    Dictionary<string, object>? environmentVariables = null,
    CancellationToken cancellationToken = default)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public Dictionary<string, object> EnvironmentVariables { get; } = environmentVariables ?? new(StringComparer.Ordinal);

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
