using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Sends the dashboard web app's logs to the AppHost's logging, so they appear (and are filtered) with the rest.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory appHostLoggerFactory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => appHostLoggerFactory.CreateLogger(categoryName);

    // The AppHost owns the factory and disposes it.
    public void Dispose()
    {
    }
}
