using System.Text.Json;

namespace Lakehouse.Kubernetes.Models;

/// <summary>
/// One line of a watch stream: <c>{"type": "ADDED"|"MODIFIED"|"DELETED"|"BOOKMARK"|"ERROR", "object": …}</c>. The
/// object of an ERROR event is a Status, so it stays raw JSON until the type is known.
/// </summary>
public sealed record WatchEvent
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";

    public required string Type { get; init; }

    public JsonElement Object { get; init; }
}
