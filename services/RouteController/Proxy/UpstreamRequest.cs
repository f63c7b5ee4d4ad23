namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// Where one request goes and what it may carry there, decided before forwarding (a request feature, read by
/// <see cref="UpstreamTransformer"/>).
/// </summary>
/// <param name="Destination">The full upstream address, path and query included.</param>
/// <param name="StripCredentials">Removes the client's hub credentials (session cookie, API token): a user's server
/// must never see them, or its owner could act as whoever visits it (an admin, say).</param>
/// <param name="ServerToken">The Jupyter server's own token, sent as <c>Authorization: token …</c>.</param>
public sealed record UpstreamRequest(Uri Destination, bool StripCredentials, string? ServerToken);
