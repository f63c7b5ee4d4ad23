namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A health check the orchestrator runs against a resource once it is Running.</summary>
public abstract record HealthCheckAnnotation : IResourceAnnotation;

/// <summary>Healthy when a GET of <see cref="Path"/> on the endpoint answers <see cref="StatusCode"/>.</summary>
public sealed record HttpHealthCheckAnnotation(string EndpointName, string Path = "/health", int StatusCode = 200) : HealthCheckAnnotation;

/// <summary>Healthy when the endpoint accepts a TCP connection.</summary>
public sealed record TcpHealthCheckAnnotation(string EndpointName) : HealthCheckAnnotation;

/// <summary>Healthy when the command exits with code 0; for servers that answer only their own protocol.</summary>
public sealed record CommandHealthCheckAnnotation(string Command, IReadOnlyList<string> Args) : HealthCheckAnnotation;
