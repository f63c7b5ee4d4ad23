using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>
/// Talks to a spawned Jupyter server directly, as the proxy will. Without cookies: Jupyter answers a request
/// authenticated by token with a login cookie, which would let later requests in without one.
/// </summary>
internal sealed class JupyterClient : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<HttpStatusCode> GetStatusAsync(Uri serverUrl, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(serverUrl, "api/status"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        }

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Creates a text file through the contents API, as the notebook UI does.</summary>
    public async Task PutFileAsync(Uri serverUrl, string token, string path, string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(serverUrl, $"api/contents/{path}"))
        {
            Content = JsonContent.Create(new { type = "file", format = "text", content }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Starts a kernel; returns its id.</summary>
    public async Task<string> StartKernelAsync(Uri serverUrl, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(serverUrl, "api/kernels"))
        {
            Content = JsonContent.Create(new { name = "python3" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public void Dispose() => _client.Dispose();
}
