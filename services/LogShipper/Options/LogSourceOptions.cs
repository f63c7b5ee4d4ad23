namespace Lakehouse.LogShipper.Options;

/// <summary>One set of files to tail: a glob (<c>*</c> matches within one path segment) and what its files are.</summary>
public sealed class LogSourceOptions
{
    /// <summary>An absolute glob, e.g. <c>/var/log/pods/*/*/*.log</c>.</summary>
    public string Path { get; set; } = string.Empty;

    public SourceKind Kind { get; set; } = SourceKind.Service;
}
