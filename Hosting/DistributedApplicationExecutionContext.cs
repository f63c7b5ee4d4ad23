namespace Lakehouse.Hosting;

public enum DistributedApplicationOperation
{
    /// <summary>Start every resource on this machine.</summary>
    Run,

    /// <summary>Write the manifest and the Kubernetes manifests.</summary>
    Publish,
}

/// <summary>What the AppHost was asked to do, and where it keeps its state.</summary>
public sealed class DistributedApplicationExecutionContext(
    DistributedApplicationOperation operation,
    string stateDirectory,
    string? publishOutputPath = null)
{
    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;

    /// <summary>Generated secrets, resource data and logs; outside the repository.</summary>
    public string StateDirectory { get; } = stateDirectory;

    /// <summary>Where <c>publish</c> writes, from <c>--output-path</c>.</summary>
    public string? PublishOutputPath { get; } = publishOutputPath;

    /// <summary>A resource's own folder under the state folder: <c>{state}/resources/{name}</c>.</summary>
    public string GetResourceDataDirectory(string resourceName) => Path.Combine(StateDirectory, "resources", resourceName);
}
