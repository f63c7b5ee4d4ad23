namespace Lakehouse.Publishing.Tests.Support;

/// <summary>A folder under <see cref="Root"/> that is deleted with the test.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Every test folder lives here, beside the fake project files of <see cref="TestProjects"/>.</summary>
    public static string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lakehouse-publishing-tests");

    public TempDirectory(string prefix = "t")
    {
        Path = System.IO.Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public override string ToString() => Path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
