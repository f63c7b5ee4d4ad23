using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// A project's ahead-of-time compiled executable: <c>bin/native/{assembly}</c> beside the project, where
/// <c>./lakehouse</c> publishes the services that are compiled ahead of time. Such a service idles in a fraction of
/// the memory a JIT-compiled one needs (docs/benchmarks.md).
/// </summary>
public static class NativeExecutable
{
    /// <summary>The folder, under the project's <c>bin</c>, that native builds are published to.</summary>
    public const string FolderName = "native";

    public static string PathFor(IProjectMetadata project) =>
        Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "bin", FolderName, Path.GetFileNameWithoutExtension(project.TargetPath));

    /// <summary>
    /// The native executable when there is one at least as new as every assembly of the build (the project's own and
    /// the libraries it references, which a change can rewrite alone); null otherwise. An older one is ignored, so
    /// that a rebuild after a change never runs yesterday's code.
    /// </summary>
    public static string? Find(IProjectMetadata project)
    {
        var path = PathFor(project);
        if (!File.Exists(path))
        {
            return null;
        }

        var built = Directory.EnumerateFiles(Path.GetDirectoryName(project.TargetPath)!, "*.dll")
            .Append(project.TargetPath)
            .Max(File.GetLastWriteTimeUtc);
        return File.GetLastWriteTimeUtc(path) >= built ? path : null;
    }
}
