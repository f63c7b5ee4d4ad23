using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lakehouse.Contracts;

/// <summary>
/// The fileserver's API as its callers use it (the spawner: ensure; the hub: usage, quotas, files). The HttpClient
/// carries the base address (<see cref="ServiceAddress"/> through service discovery) and the caller's bearer token.
/// A refusal throws <see cref="FileServerException"/> with the fileserver's own message.
/// </summary>
public sealed class FileServerClient(HttpClient http)
{
    public const string ServiceAddress = "http://fileserver";

    private static ContractJsonContext Json => ContractJsonContext.Default;

    /// <summary>The user's home, created on first use; refuses system uids and a place that is not a folder.</summary>
    public async Task<HomeVolume> EnsureAsync(string name, int uid, int gid, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(HomeUri(name), new EnsureHomeRequest(uid, gid), Json.EnsureHomeRequest, cancellationToken);
        return await ReadAsync(response, Json.HomeVolume, cancellationToken);
    }

    /// <summary>The home with its last measured usage; null when there is none yet.</summary>
    public async Task<HomeVolume?> GetAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(HomeUri(name), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, Json.HomeVolume, cancellationToken);
    }

    /// <summary>The home with its usage measured no longer ago than the fileserver allows; null when there is none yet.</summary>
    public async Task<HomeVolume?> GetUsageAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(HomeUri(name) + "/usage", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, Json.HomeVolume, cancellationToken);
    }

    public async Task<IReadOnlyList<HomeVolume>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/api/homes", cancellationToken);
        return await ReadAsync(response, Json.ListHomeVolume, cancellationToken);
    }

    public async Task<HomeVolume?> SetQuotaAsync(string name, long quotaBytes, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(HomeUri(name) + "/quota", new SetQuotaRequest(quotaBytes), Json.SetQuotaRequest, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, Json.HomeVolume, cancellationToken);
    }

    public async Task<IReadOnlyList<HomeEntry>> ListFilesAsync(string name, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(FilesUri(name, "", path), cancellationToken);
        return await ReadAsync(response, Json.ListHomeEntry, cancellationToken);
    }

    /// <summary>A file's content as a stream; dispose the response when done.</summary>
    public async Task<HttpResponseMessage> DownloadAsync(string name, string path, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(FilesUri(name, "/content", path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await FailureAsync(response, cancellationToken);
            }
        }

        return response;
    }

    public async Task<HomeEntry> UploadAsync(string name, string path, Stream content, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(content);
        using var response = await http.PutAsync(FilesUri(name, "/content", path), body, cancellationToken);
        return await ReadAsync(response, Json.HomeEntry, cancellationToken);
    }

    private static string HomeUri(string name) => "/api/homes/" + Uri.EscapeDataString(name);

    private static string FilesUri(string name, string what, string path) =>
        $"{HomeUri(name)}/files{what}?path={Uri.EscapeDataString(path)}";

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> json, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync(json, cancellationToken)
            ?? throw new FileServerException(response.StatusCode, "The fileserver sent an empty answer.");
    }

    private static async Task<FileServerException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(text);
            detail = problem.RootElement.TryGetProperty("detail", out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
        }

        return new FileServerException(response.StatusCode, detail ?? $"The fileserver answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }
}
