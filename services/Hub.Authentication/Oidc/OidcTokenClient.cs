using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>The provider's token endpoint, as a confidential client (HTTP Basic with the client secret).</summary>
public sealed class OidcTokenClient(IHttpClientFactory clients, IOptions<OidcOptions> options)
{
    /// <summary>What the token endpoint answered: tokens, or the OAuth error.</summary>
    public sealed record Response(string? AccessToken, string? RefreshToken, string? IdToken, int? ExpiresIn, string? Error, string? ErrorDescription)
    {
        public bool Succeeded => Error is null && AccessToken is not null;
    }

    public Task<Response> RedeemCodeAsync(string tokenEndpoint, string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        PostAsync(tokenEndpoint, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = codeVerifier,
        }, cancellationToken);

    public Task<Response> RefreshAsync(string tokenEndpoint, string refreshToken, CancellationToken cancellationToken) =>
        PostAsync(tokenEndpoint, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, cancellationToken);

    private async Task<Response> PostAsync(string endpoint, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };
        // RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
        var credentials = Uri.EscapeDataString(settings.ClientId!) + ":" + Uri.EscapeDataString(settings.ClientSecret!);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await clients.CreateClient(OidcMetadata.HttpClientName).SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            int? expiresIn = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var seconds) ? seconds : null;
            var error = Text("error") ?? (response.IsSuccessStatusCode ? null : $"http_{(int)response.StatusCode}");
            return new Response(Text("access_token"), Text("refresh_token"), Text("id_token"), expiresIn, error, Text("error_description"));
        }
        catch (JsonException)
        {
            return new Response(null, null, null, null, $"http_{(int)response.StatusCode}", "The token endpoint did not answer JSON.");
        }
    }
}
