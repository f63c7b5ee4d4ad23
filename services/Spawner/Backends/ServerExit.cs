namespace Lakehouse.Spawner.Backends;

/// <summary>A server that ended: its exit code when the backend knows it, and a reason to show.</summary>
public sealed record ServerExit(ServerInstance Instance, int? ExitCode, string Reason)
{
    public bool IsClean => ExitCode == 0;
}
