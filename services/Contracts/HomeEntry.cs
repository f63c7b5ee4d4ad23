namespace Lakehouse.Contracts;

/// <summary>One entry of a folder in a home, as the fileserver lists it: <c>file</c> or <c>directory</c>.</summary>
public sealed record HomeEntry(string Name, string Type, long Size, DateTimeOffset Modified)
{
    public const string File = "file";
    public const string Directory = "directory";
}
