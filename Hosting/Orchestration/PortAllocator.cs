using Lakehouse.Shared.Networking;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Gives endpoints their loopback ports: a free one from the configured range when none is fixed (see
/// <see cref="OrchestratorOptions.FirstPort"/> for why that range).
/// </summary>
internal sealed class PortAllocator(int firstPort, int lastPort)
{
    public const string LoopbackHost = "127.0.0.1";

    private readonly HashSet<int> _handedOut = [];

    /// <summary>A port free now. Ports already handed out are skipped, so two endpoints never share one.</summary>
    public int AllocateFreePort()
    {
        lock (_handedOut)
        {
            if (LoopbackPortSearch.FindFree(firstPort, lastPort, 1, _handedOut) is [var port])
            {
                _handedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException(
            $"No free loopback port is left in {firstPort}-{lastPort} ({OrchestratorOptions.SectionName}:FirstPort and LastPort).");
    }
}
