namespace Lakehouse.Hosting.Orchestration;

/// <summary>Everything needed to start one resource's process, with every expression already resolved.</summary>
internal sealed record LaunchSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory);
