namespace Lakehouse.Hub.Apis.Models;

/// <summary>A session for a Spark UI host: the cookie value (shown only to the route controller) and its expiry.</summary>
public sealed record SparkUiSessionResponse(string Session, DateTimeOffset Expires);
