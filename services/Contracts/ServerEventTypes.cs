namespace Lakehouse.Contracts;

/// <summary>The SSE <c>event:</c> names of the spawner's <c>/api/events</c> stream.</summary>
public static class ServerEventTypes
{
    /// <summary>Data: a JSON array of <see cref="ServerStatus"/>, every server the spawner knows.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>Data: one <see cref="ServerStatus"/>, a server whose status changed.</summary>
    public const string Server = "server";
}
