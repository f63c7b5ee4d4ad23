using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakehouse.RouteController.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Access;

/// <summary>
/// Asks the hub whether a request's credentials may use a user's server (the hub alone knows sessions, tokens and
/// admins), through <see cref="AccessDecisionCache"/>.
/// </summary>
public sealed partial class HubAccessAuthorizer(
    HttpClient hubClient,
    AccessDecisionCache cache,
    IOptionsMonitor<CredentialOptions> credentials,
    ILogger<HubAccessAuthorizer> logger)
{
    public const string AuthorizePath = "hub/api/internal/authorize";

    /// <exception cref="HubUnavailableException">The hub did not give a usable answer.</exception>
    public Task<AccessDecision> AuthorizeAsync(string server, AccessCredentials presented, CancellationToken cancellationToken) =>
        cache.GetOrAddAsync(
            presented.CacheKey(server),
            static question => question.Authorizer.AskHubAsync(question.Server, question.Presented),
            (Authorizer: this, Server: server, Presented: presented)).WaitAsync(cancellationToken);

    // The question is shared by every request waiting on it, so it does not die with the first one's client.
    private async Task<AccessDecision> AskHubAsync(string server, AccessCredentials presented)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthorizePath)
        {
            Content = JsonContent.Create(new AuthorizeRequest(server, presented.Cookie, presented.Token), RouteControllerJsonContext.Default.AuthorizeRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.CurrentValue.ServiceTokens.RouteController);
        try
        {
            using var response = await hubClient.SendAsync(request, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                LogHubRefused(server, (int)response.StatusCode);
                throw new HubUnavailableException($"The hub answered {(int)response.StatusCode} to an authorization question.");
            }

            var decision = await response.Content.ReadFromJsonAsync(RouteControllerJsonContext.Default.AccessDecision, CancellationToken.None)
                ?? throw new HubUnavailableException("The hub's authorization answer was empty.");
            LogDecision(server, decision.Allowed, decision.User);
            return decision;
        }
        catch (Exception ex) when (ex is not HubUnavailableException)
        {
            LogHubUnreachable(ex, server);
            throw new HubUnavailableException("The hub could not be asked.", ex);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Hub decided access to {Server}: allowed={Allowed}, user={User}")]
    private partial void LogDecision(string server, bool allowed, string? user);

    [LoggerMessage(LogLevel.Warning, "The hub answered {StatusCode} when asked about access to {Server}")]
    private partial void LogHubRefused(string server, int statusCode);

    [LoggerMessage(LogLevel.Warning, "The hub could not be asked about access to {Server}")]
    private partial void LogHubUnreachable(Exception exception, string server);
}
