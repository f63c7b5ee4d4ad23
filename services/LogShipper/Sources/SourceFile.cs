namespace Lakehouse.LogShipper.Sources;

/// <summary>A log file being tailed: its identity, the path it was found at, and whose log it is.</summary>
public sealed record SourceFile(FileIdentity Identity, string Path, LogOwner Owner);
