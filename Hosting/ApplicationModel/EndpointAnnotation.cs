namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A network endpoint of a resource; becomes a manifest binding.</summary>
public sealed class EndpointAnnotation(
    string name,
    string uriScheme = "http",
    string? transport = null,
    int? port = null,
    int? targetPort = null,
    bool isExternal = false,
    string? environmentVariable = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    /// <summary>http, https or tcp.</summary>
    public string UriScheme { get; } = uriScheme;

    /// <summary>http, http2 or tcp.</summary>
    public string Transport { get; } = transport ?? (uriScheme is "http" or "https" ? "http" : "tcp");

    public string Protocol => "tcp";

    /// <summary>The port others connect to. In run mode it is allocated when not given.</summary>
    public int? Port { get; set; } = port;

    /// <summary>The port the process listens on. In run mode it equals the allocated port.</summary>
    public int? TargetPort { get; set; } = targetPort;

    public bool IsExternal { get; set; } = isExternal;

    /// <summary>When set, the process learns its port from this variable instead of ASPNETCORE_URLS.</summary>
    public string? EnvironmentVariable { get; } = environmentVariable;

    /// <summary>Set by the orchestrator in run mode, once the port is bound.</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; set; }

    public bool IsHttp => UriScheme is "http" or "https";
}

/// <summary>Where an endpoint listens in run mode.</summary>
public sealed record AllocatedEndpoint(string Host, int Port, string UriScheme)
{
    public string UriString => $"{UriScheme}://{Host}:{Port}";
}
