using Lakehouse.Hosting;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>A state folder of its own for one test or fixture, removed afterwards. Short, so the ldapi socket path fits.</summary>
internal sealed class TemporaryStateDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lh-state-").FullName;

    /// <summary>A builder whose state folder is this one, with configuration switches such as <c>--Parameters:x=y</c>.</summary>
    public IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOperation operation, params string[] switches) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationArguments(
            operation,
            operation == DistributedApplicationOperation.Publish ? System.IO.Path.Combine(Path, "publish") : null,
            [$"--{StateDirectory.ConfigurationKey}={Path}", .. switches],
            Path));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Something still writes there; the system cleans its temp folder.
        }
    }
}
