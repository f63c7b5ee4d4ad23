using Lakehouse.LogShipper.Parsing;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>An event ready to publish: its stable id, routing key and JSON body.</summary>
public sealed record OutgoingMessage(LogEvent Event, string Id, string RoutingKey, byte[] Body);
