namespace Lakehouse.Spawner.Backends.Local;

/// <summary>The spawner's own process: privileged when its effective uid is root.</summary>
internal sealed class ProcessPrivileges : IProcessPrivileges
{
    public bool IsPrivileged => Environment.IsPrivilegedProcess;
}
