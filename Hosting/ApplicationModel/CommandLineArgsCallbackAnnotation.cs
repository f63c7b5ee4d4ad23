namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Adds command-line arguments to a resource. Arguments are strings or expression objects.</summary>
public sealed class CommandLineArgsCallbackAnnotation(Func<CommandLineArgsCallbackContext, Task> callback) : IResourceAnnotation
{
    public CommandLineArgsCallbackAnnotation(Action<CommandLineArgsCallbackContext> callback)
        : this(context =>
        {
            callback(context);
            return Task.CompletedTask;
        })
    {
    }

    public Func<CommandLineArgsCallbackContext, Task> Callback { get; } = callback;
}

public sealed class CommandLineArgsCallbackContext(
    DistributedApplicationExecutionContext executionContext,
    List<object>? args = null,
    CancellationToken cancellationToken = default)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public List<object> Args { get; } = args ?? [];

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
