namespace Lakehouse.Hosting.Tests.RabbitMQ;

/// <summary>A state folder of its own for one test, removed afterwards.</summary>
internal sealed class TemporaryStateDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lakehouse-rabbitmq-test-").FullName;

    /// <summary>A builder whose state folder is this one, with extra configuration switches such as <c>--Parameters:x=y</c>.</summary>
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
            // A process we could not stop still writes there; the temp folder is cleaned by the system.
        }
    }
}
