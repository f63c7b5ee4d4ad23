using Lakehouse.LogShipper.Sources;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// An event ready to publish: its stable id, routing key and JSON body, and what the registry records once it is
/// confirmed (the file, generation and end offset). The event's text lives only in the body.
/// </summary>
public sealed record OutgoingMessage(
    SourceFile Source,
    long Generation,
    long EndOffset,
    int Lines,
    DateTimeOffset Timestamp,
    string Id,
    byte[] Body)
{
    public string RoutingKey => Source.Owner.RoutingKey;
}
