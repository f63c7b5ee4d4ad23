using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Lakehouse.Hub.Tests.Infrastructure;

/// <summary>Reading the hub's API answers as a client would.</summary>
internal static class HubApi
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return await JsonAsync(response);
    }

    public static async Task<string> MessageAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await JsonAsync(response, expected);
        return body.GetProperty("message").GetString()!;
    }

    /// <summary>Reads a progress stream to its end (it ends after ready or failed); returns the events.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadProgressAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(150));
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = new List<JsonElement>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            events.Add(JsonDocument.Parse(item.Data).RootElement.Clone());
        }

        return events;
    }

    /// <summary>The user model's default server, or null when it has none.</summary>
    public static JsonElement? Server(JsonElement user) =>
        user.GetProperty("servers").TryGetProperty("", out var server) ? server : null;
}
