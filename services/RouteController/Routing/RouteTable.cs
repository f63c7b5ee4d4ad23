using System.Collections.Concurrent;
using Lakehouse.Contracts;

namespace Lakehouse.RouteController.Routing;

/// <summary>
/// Every user's route, by name, as the spawner's event stream last described it. Lookups are one dictionary read per
/// request, and a change is visible to the next request: no configuration rebuild, however many routes there are.
/// </summary>
public sealed partial class RouteTable(TimeProvider timeProvider, ILogger<RouteTable> logger)
{
    private readonly ConcurrentDictionary<string, ServerRoute> _routes = new(StringComparer.Ordinal);

    // Serializes writers (snapshot replacement against single changes); readers never wait.
    private readonly Lock _writeLock = new();

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ServerRoute? route) =>
        _routes.TryGetValue(name, out route);

    public IReadOnlyList<ServerRoute> List() => _routes.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    /// <summary>A snapshot: the spawner's whole truth. Routes it does not mention are gone.</summary>
    public void ReplaceAll(IReadOnlyList<ServerStatus> servers)
    {
        lock (_writeLock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var server in servers)
            {
                if (IsValid(server))
                {
                    seen.Add(server.Name);
                    ApplyLocked(server, quiet: true);
                }
            }

            foreach (var name in _routes.Keys.Where(n => !seen.Contains(n)).ToList())
            {
                if (_routes.TryRemove(name, out var removed) && removed.IsRunning)
                {
                    LogRouteRemoved(removed.Name, "absent from the spawner's snapshot");
                }
            }
        }
    }

    /// <summary>One server's new status.</summary>
    public void Apply(ServerStatus server)
    {
        if (!IsValid(server))
        {
            return;
        }

        lock (_writeLock)
        {
            ApplyLocked(server, quiet: false);
        }
    }

    /// <param name="quiet">A snapshot: the follower logs a summary, not thousands of lines.</param>
    private void ApplyLocked(ServerStatus server, bool quiet)
    {
        _routes.TryGetValue(server.Name, out var previous);
        if (server.State is ServerState.Stopped or ServerState.Failed)
        {
            if (_routes.TryRemove(server.Name, out _) && previous!.IsRunning)
            {
                LogRouteRemoved(server.Name, server.State.ToString().ToLowerInvariant());
            }

            return;
        }

        if (previous?.Describes(server) == true)
        {
            return; // Unchanged (a snapshot repeating what we know): keep its age.
        }

        var route = new ServerRoute(server.Name, server.State, server.Url, server.SparkUiUrl, server.Token, timeProvider.GetUtcNow());

        _routes[server.Name] = route;
        if (route.IsRunning && !quiet)
        {
            LogRouteAdded(route.Name, route.Target!);
        }
        else if (route.IsRunning)
        {
            LogRouteAddedFromSnapshot(route.Name, route.Target!);
        }
        else if (previous?.IsRunning == true)
        {
            LogRouteRemoved(route.Name, route.State.ToString().ToLowerInvariant());
        }
    }

    // The spawner validates names too; this keeps a bad event from ever becoming a route.
    private bool IsValid(ServerStatus server)
    {
        if (UserName.TryNormalize(server.Name, out var normalized, out _) && normalized == server.Name
            && (server.Url is null || server.Url.IsAbsoluteUri)
            && (server.SparkUiUrl is null || server.SparkUiUrl.IsAbsoluteUri))
        {
            return true;
        }

        LogInvalidServer(server.Name);
        return false;
    }

    [LoggerMessage(LogLevel.Information, "Route added: /user/{Name}/ -> {Target}")]
    private partial void LogRouteAdded(string name, Uri target);

    [LoggerMessage(LogLevel.Debug, "Route added from a snapshot: /user/{Name}/ -> {Target}")]
    private partial void LogRouteAddedFromSnapshot(string name, Uri target);

    [LoggerMessage(LogLevel.Information, "Route removed: /user/{Name}/ ({Reason})")]
    private partial void LogRouteRemoved(string name, string reason);

    [LoggerMessage(LogLevel.Warning, "Ignored a server from the spawner with an invalid name or address: {Name}")]
    private partial void LogInvalidServer(string name);
}
