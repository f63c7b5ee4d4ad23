namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// An NFSv4 server: a private nfs-ganesha (VFS backend) on a loopback port in run mode, an image in a cluster. What it
/// exports is not its own business: the export file (<see cref="ExportFile"/>) is written by the service that owns the
/// exported folder, and included by the server's configuration.
/// </summary>
public sealed class NfsServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory)
{
    internal const string PrimaryEndpointName = "nfs";

    /// <summary>The NFS endpoint (<c>nfs</c>, TCP). Clients use <c>nfs://127.0.0.1/{pseudo path}?version=4&amp;nfsport={port}</c>.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary>The ganesha EXPORT blocks, written before the server starts by whoever owns the export (run mode).</summary>
    public string ExportFile => Path.Combine(WorkingDirectory, "export.conf");
}
