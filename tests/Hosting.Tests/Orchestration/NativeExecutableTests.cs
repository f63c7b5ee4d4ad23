using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Hosting.Tests.Orchestration;

/// <summary>A project published ahead of time runs as its native executable, but only while that is not older than its build.</summary>
public class NativeExecutableTests
{
    /// <summary>A project in the AppHost's work folder: an (empty) built assembly and, when written, a native build.</summary>
    private sealed class PublishedProject(string directory) : IProjectMetadata
    {
        public string ProjectPath => Path.Combine(directory, "Api.csproj");

        public string TargetPath => Path.Combine(directory, "bin", "Debug", "Api.dll");

        public string NativePath => NativeExecutable.PathFor(this);
    }

    private static PublishedProject CreateProject(string workDirectory, DateTime builtAt, DateTime? publishedAt)
    {
        var project = new PublishedProject(workDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(project.TargetPath)!);
        File.WriteAllText(project.TargetPath, "");
        File.SetLastWriteTimeUtc(project.TargetPath, builtAt);
        if (publishedAt is { } published)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(project.NativePath)!);
            File.WriteAllText(project.NativePath, "#!/bin/sh\necho \"native=$* $ASPNETCORE_URLS\"\nexec sleep 600\n");
            File.SetUnixFileMode(project.NativePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetLastWriteTimeUtc(project.NativePath, published);
        }

        return project;
    }

    [Fact]
    public async Task A_project_with_a_current_native_build_runs_it_with_its_arguments_and_environment()
    {
        await using var host = new TestAppHost();
        var builtAt = DateTime.UtcNow.AddMinutes(-5);
        var project = CreateProject(host.WorkDirectory, builtAt, publishedAt: builtAt.AddMinutes(1));
        host.Builder.AddProject("api", project).WithArgs("--mode", "test");
        await host.StartAsync();

        var url = host.Snapshot("api").Endpoints.Single().Url;
        Assert.Equal($"--mode test {url}", await host.WaitForOutputAsync("api", "native="));
        Assert.Contains(host.LogMessages, m => m.Contains("ahead-of-time compiled build", StringComparison.Ordinal) && m.Contains(project.NativePath, StringComparison.Ordinal));
    }

    [Fact]
    public void A_native_build_older_than_the_assembly_or_a_library_beside_it_or_missing_is_not_used()
    {
        using var directory = new TemporaryStateDirectory();
        var builtAt = DateTime.UtcNow.AddMinutes(-5);

        var current = CreateProject(Path.Combine(directory.Path, "current"), builtAt, publishedAt: builtAt);
        var stale = CreateProject(Path.Combine(directory.Path, "stale"), builtAt, publishedAt: builtAt.AddSeconds(-1));
        var staleLibrary = CreateProject(Path.Combine(directory.Path, "stale-library"), builtAt, publishedAt: builtAt.AddMinutes(1));
        var library = Path.Combine(Path.GetDirectoryName(staleLibrary.TargetPath)!, "Shared.dll");
        File.WriteAllText(library, "");
        File.SetLastWriteTimeUtc(library, builtAt.AddMinutes(2));
        var unpublished = CreateProject(Path.Combine(directory.Path, "unpublished"), builtAt, publishedAt: null);

        Assert.Equal(current.NativePath, NativeExecutable.Find(current));
        Assert.Null(NativeExecutable.Find(stale));
        Assert.Null(NativeExecutable.Find(staleLibrary));
        Assert.Null(NativeExecutable.Find(unpublished));
    }
}
