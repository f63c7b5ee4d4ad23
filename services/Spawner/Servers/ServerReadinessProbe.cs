using System.Net;
using System.Net.Http.Headers;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// Asks a server whether it answers: <c>GET {url}api/status</c> with its token, 200 meaning ready. Its own
/// HttpClient, without the default retries: the caller polls, and a refused connection must fail at once. Without
/// tracing either: a starting server refuses a probe every few milliseconds, and each refusal traced cost a span and
/// an exception with its stack trace rendered as text, the largest part of the spawner's CPU during a spawn.
/// </summary>
public sealed class ServerReadinessProbe : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<bool> AnswersAsync(Uri url, string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "api/status"));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
