namespace Lakehouse.Contracts;

/// <summary>
/// One message of the spawner's <c>/api/events</c> stream. The first is a <see cref="ServerEventTypes.Snapshot"/> with
/// every server; each later one is a <see cref="ServerEventTypes.Server"/> change with the server's new status.
/// </summary>
public sealed record ServerEvent(string Type, IReadOnlyList<ServerStatus> Servers);
