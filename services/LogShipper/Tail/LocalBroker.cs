namespace Lakehouse.LogShipper.Tail;

/// <summary>
/// Finds the AppHost's private broker for <c>tail</c> on the same machine: its <c>rabbitmq.conf</c> under the state
/// folder holds the listener, user and password (the file is the operator's own, mode 0600).
/// </summary>
public static class LocalBroker
{
    public static string? ConnectionString(string stateDirectory)
    {
        var config = Path.Combine(stateDirectory, "resources", "rabbitmq", "rabbitmq.conf");
        if (!File.Exists(config))
        {
            return null;
        }

        var settings = File.ReadLines(config)
            .Select(l => l.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        return settings.TryGetValue("listeners.tcp.default", out var listener)
               && settings.TryGetValue("default_user", out var user)
               && settings.TryGetValue("default_pass", out var password)
            ? $"amqp://{user}:{password}@{listener}"
            : null;
    }
}
