namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Whether the spawner may run servers as their users' uids (it runs as root). A seam of its own so that tests, which
/// run as root, can check what an unprivileged spawner does.
/// </summary>
internal interface IProcessPrivileges
{
    bool IsPrivileged { get; }
}
