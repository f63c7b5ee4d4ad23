using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Nfs;

namespace Lakehouse.Hosting;

public static class NfsServerBuilderExtensions
{
    /// <summary>NFS's port inside the container in a cluster.</summary>
    private const int ContainerNfsPort = 2049;

    private const string ContainerImage = "nfs-ganesha";
    private const string ContainerTag = "4.3";
    private const string ContainerExportPath = "/export";

    /// <summary>
    /// Adds an NFSv4 server. Run mode: Debian's <c>ganesha.nfsd</c> in the foreground with the VFS backend, on a
    /// loopback port, its configuration, pid file and recovery records under the state folder; it serves what the
    /// export file (<see cref="NfsServerResource.ExportFile"/>) says, which must exist before it starts (have it
    /// <c>WaitFor</c> the resource that writes it). The VFS backend needs root. Publish mode: a ganesha image with a
    /// volume for the exported storage.
    /// </summary>
    public static IResourceBuilder<NfsServerResource> AddNfsServer(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceName.Validate(name);
        var executionContext = builder.ExecutionContext;
        var layout = new GaneshaLayout(executionContext.GetResourceDataDirectory(name));
        var resource = new NfsServerResource(name, GaneshaLayout.Program, layout.DataDirectory);

        var nfs = builder.AddResource(resource)
            .WithEndpoint(NfsServerResource.PrimaryEndpointName, "tcp", port, executionContext.IsPublishMode ? ContainerNfsPort : null)
            .WithTcpHealthCheck(NfsServerResource.PrimaryEndpointName)
            .WithInstallHint(GaneshaLayout.InstallHint)
            .PublishAsContainer(ContainerImage, ContainerTag)
            .WithVolume($"{name}-data", ContainerExportPath);

        if (executionContext.IsRunMode)
        {
            // -F: foreground, so the orchestrator owns it; its log goes to stdout, where the orchestrator captures it.
            nfs.WithArgs("-F", "-f", layout.ConfigFile, "-L", "/dev/stdout", "-p", layout.PidFile, "-N", "NIV_EVENT")
                .OnBeforeStart(async context =>
                {
                    if (!Environment.IsPrivilegedProcess)
                    {
                        throw new DistributedApplicationException(
                            "ganesha's VFS backend opens files by handle, which needs root: run the AppHost as root to export the homes over NFS.");
                    }

                    if (!File.Exists(resource.ExportFile))
                    {
                        throw new DistributedApplicationException($"No export to serve yet: {resource.ExportFile} is missing.");
                    }

                    Directory.CreateDirectory(layout.RecoveryRoot);
                    await File.WriteAllTextAsync(
                        layout.ConfigFile, layout.RenderConfig(resource.PrimaryEndpoint.Port, resource.ExportFile), context.CancellationToken);
                });
        }

        return nfs;
    }

    /// <summary>
    /// Run mode: tells a service where to write the NFS server's export file (as <c>{variable}</c>), and starts the
    /// server only once the service is healthy, that is once the file is written.
    /// </summary>
    public static IResourceBuilder<NfsServerResource> WithExportWrittenBy<T>(
        this IResourceBuilder<NfsServerResource> nfs, IResourceBuilder<T> writer, string variable)
        where T : class, IResourceWithEnvironment
    {
        var exportFile = nfs.Resource.ExportFile;
        writer.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsRunMode)
            {
                context.EnvironmentVariables[variable] = exportFile;
            }
        });
        return nfs.WaitFor(writer);
    }
}
