namespace Lakehouse.Hosting.ApplicationModel;

public enum WaitType
{
    /// <summary>Wait until the dependency is Running and all its health checks report Healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Wait until the dependency has exited with code 0.</summary>
    WaitForCompletion,
}

/// <summary>The resource starts only once <see cref="Resource"/> has reached the wanted state.</summary>
public sealed record WaitAnnotation(IResource Resource, WaitType WaitType = WaitType.WaitUntilHealthy) : IResourceAnnotation;
