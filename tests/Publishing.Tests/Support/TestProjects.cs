using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Publishing.Tests.Support;

/// <summary>Project metadata as the AppHost's generated <c>Projects.*</c> classes give it; the files need not exist to publish.</summary>
public sealed class ApiProject : IProjectMetadata
{
    public static string Path { get; } = System.IO.Path.Combine(TempDirectory.Root, "services", "Api", "Api.csproj");

    public string ProjectPath => Path;

    public string TargetPath => System.IO.Path.ChangeExtension(Path, ".dll");
}

public sealed class WorkerProject : IProjectMetadata
{
    public static string Path { get; } = System.IO.Path.Combine(TempDirectory.Root, "services", "Worker", "Worker.csproj");

    public string ProjectPath => Path;

    public string TargetPath => System.IO.Path.ChangeExtension(Path, ".dll");
}
