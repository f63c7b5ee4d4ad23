using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lakehouse.Contracts;

namespace Lakehouse.Hub.Servers;

/// <summary>
/// The spawner's internal API (<c>http://spawner</c> by service discovery), called with the hub's service token.
/// Streams go through a client without the resilience handler, whose timeouts would cut them.
/// </summary>
public sealed class SpawnerClient(HttpClient http, IHttpClientFactory clients)
{
    public const string ServiceAddress = "http://spawner";
    public const string StreamClientName = "spawner-streams";

    /// <summary>Asks for a start. The status code says what happened (202 pending, 200 running, 409 busy, 400 refused).</summary>
    public async Task<SpawnerAnswer> StartAsync(UserIdentity identity, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(
            $"/api/servers/{Uri.EscapeDataString(identity.Name)}", new StartServerRequest(identity, environment), ContractJsonContext.Default.StartServerRequest, cancellationToken);
        return await AnswerAsync(response, cancellationToken);
    }

    /// <summary>202 while stopping, 204 when already stopped, 404 when the spawner does not know the server.</summary>
    public async Task<SpawnerAnswer> StopAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/api/servers/{Uri.EscapeDataString(name)}", cancellationToken);
        return await AnswerAsync(response, cancellationToken);
    }

    /// <summary>The spawn's progress stream; the caller owns (and disposes) the response.</summary>
    public Task<HttpResponseMessage> OpenProgressAsync(string name, CancellationToken cancellationToken) =>
        clients.CreateClient(StreamClientName).GetAsync(
            $"/api/servers/{Uri.EscapeDataString(name)}/progress", HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>The <c>/api/events</c> stream; the caller owns (and disposes) the response.</summary>
    public Task<HttpResponseMessage> OpenEventsAsync(CancellationToken cancellationToken) =>
        clients.CreateClient(StreamClientName).GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    private static async Task<SpawnerAnswer> AnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ServerStatus? status = null;
        string? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/json")
        {
            status = await response.Content.ReadFromJsonAsync(ContractJsonContext.Default.ServerStatus, cancellationToken);
        }
        else if (response.Content.Headers.ContentType?.MediaType is "application/problem+json")
        {
            problem = await ProblemTextAsync(response.Content, cancellationToken);
        }

        return new SpawnerAnswer(response.StatusCode, status, problem);
    }

    /// <summary>A problem document's <c>detail</c>, or its <c>title</c> when it has none.</summary>
    private static async Task<string?> ProblemTextAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var problem = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return Text("detail") ?? Text("title");

        string? Text(string property) =>
            problem.RootElement.ValueKind is JsonValueKind.Object
            && problem.RootElement.TryGetProperty(property, out var value)
            && value.ValueKind is not JsonValueKind.Null
                ? value.ToString()
                : null;
    }
}
