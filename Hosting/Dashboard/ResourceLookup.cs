using System.Diagnostics.CodeAnalysis;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Turns a resource name from a URL into a known resource, or says why it cannot.</summary>
internal static class ResourceLookup
{
    public enum Failure
    {
        InvalidName,
        UnknownResource,
    }

    public static bool TryFind(
        IResourceMonitor monitor, string name, [NotNullWhen(true)] out ResourceSnapshot? snapshot, out Failure failure, out string message)
    {
        snapshot = null;
        if (!ResourceName.IsValid(name, out var reason))
        {
            // The name is not echoed: it may be huge or hostile; the reason says what is wrong with it.
            (failure, message) = (Failure.InvalidName, $"Invalid resource name: {reason}.");
            return false;
        }

        snapshot = monitor.GetSnapshots().FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        (failure, message) = (Failure.UnknownResource, snapshot is null ? $"There is no resource named '{name}'." : string.Empty);
        return snapshot is not null;
    }
}
