namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// Runs in run mode right before each start of the resource, after its endpoints are allocated:
/// the place to write configuration files or seed data into the state folder.
/// </summary>
public sealed class BeforeStartAnnotation(Func<BeforeStartContext, Task> callback) : IResourceAnnotation
{
    public Func<BeforeStartContext, Task> Callback { get; } = callback;
}

public sealed class BeforeStartContext(
    IResource resource,
    DistributedApplicationExecutionContext executionContext,
    IServiceProvider services,
    CancellationToken cancellationToken)
{
    public IResource Resource { get; } = resource;

    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>This resource's own folder under the state folder: <c>{state}/resources/{name}</c>.</summary>
    public string DataDirectory => ExecutionContext.GetResourceDataDirectory(Resource.Name);
}
