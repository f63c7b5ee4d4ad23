using Lakehouse.Contracts;

namespace Lakehouse.RouteController.Routing;

/// <summary>
/// What the proxy knows of one user's server. Only a running server with a URL is routed to; a pending one is kept
/// so that its owner can be sent to the spawn page instead of an error.
/// </summary>
/// <param name="Token">The Jupyter server's own token, added upstream; never shown to anyone.</param>
/// <param name="Since">When the route took its current state: CHP's initial last_activity.</param>
public sealed record ServerRoute(string Name, ServerState State, Uri? Target, Uri? SparkUiTarget, string? Token, DateTimeOffset Since)
{
    /// <summary><see cref="Target"/>, split for forwarding once rather than per request.</summary>
    public UpstreamTarget? Upstream { get; } = Target is null ? null : new UpstreamTarget(Target);

    /// <summary><see cref="SparkUiTarget"/>, split for forwarding.</summary>
    public UpstreamTarget? SparkUiUpstream { get; } = SparkUiTarget is null ? null : new UpstreamTarget(SparkUiTarget);

    public bool IsRunning => State == ServerState.Running && Target is not null;

    /// <summary>Whether <paramref name="server"/> says the same as this route (a snapshot repeating what we know).</summary>
    public bool Describes(ServerStatus server) =>
        State == server.State && Target == server.Url && SparkUiTarget == server.SparkUiUrl && Token == server.Token;

    public override string ToString() => $"{Name} ({State}, {Target})";
}
