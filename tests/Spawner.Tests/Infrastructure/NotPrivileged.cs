using Lakehouse.Spawner.Backends.Local;

namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>Says the spawner is not root, which the tests (run as root) cannot otherwise be.</summary>
internal sealed class NotPrivileged : IProcessPrivileges
{
    public bool IsPrivileged => false;
}
