namespace Lakehouse.RouteController.Access;

/// <summary>The hub could not say whether a request may pass; the proxy answers 502 and caches nothing.</summary>
public sealed class HubUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
