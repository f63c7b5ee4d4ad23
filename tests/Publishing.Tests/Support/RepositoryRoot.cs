namespace Lakehouse.Publishing.Tests.Support;

/// <summary>The checkout these tests were built from: the AppHost project's parent folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } =
        System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(new Projects.AppHost().ProjectPath))!;
}
