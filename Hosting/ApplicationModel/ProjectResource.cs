namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Generated for each project the AppHost references, as Aspire generates <c>Projects.*</c>.</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the .csproj.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly the orchestrator runs.</summary>
    string TargetPath { get; }
}

/// <summary>A .NET project of this solution, run with <c>dotnet</c> locally and as an image in a cluster.</summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithServiceDiscovery, IResourceWithWaitSupport
{
    public IProjectMetadata Metadata { get; } = metadata;
}
