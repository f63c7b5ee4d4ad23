namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry HTTP server span attribute names (semantic conventions).</summary>
public static class ServerSpanTags
{
    public const string RequestMethod = "http.request.method";
    public const string Route = "http.route";
    public const string ResponseStatusCode = "http.response.status_code";
    public const string UrlPath = "url.path";
    public const string UrlScheme = "url.scheme";
    public const string ErrorType = "error.type";
}
