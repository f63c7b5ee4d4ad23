using System.Text.Json;

namespace Lakehouse.Benchmarks;

/// <summary>Stopping a user's server through a JupyterHub-compatible API, which both hubs speak.</summary>
internal static class ServerStop
{
    /// <summary>Asks the hub to stop the server, then waits until its user model shows no server and nothing pending.</summary>
    public static async Task RequestAndWaitAsync(HttpClient api, string name, CancellationToken cancellationToken)
    {
        using (var stop = await api.DeleteAsync($"hub/api/users/{name}/server", cancellationToken))
        {
            stop.EnsureSuccessStatusCode();
        }

        // Stopped as the hub sees it, so that the next spawn is accepted.
        await Measurements.WaitUntilAsync(async token =>
        {
            using var user = JsonDocument.Parse(await api.GetStringAsync($"hub/api/users/{name}", token));
            return user.RootElement.GetProperty("server").ValueKind == JsonValueKind.Null
                && user.RootElement.GetProperty("pending").ValueKind == JsonValueKind.Null;
        }, TimeSpan.FromMinutes(1), $"{name}'s server stopping", cancellationToken);
    }
}
