using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Lakehouse.Kubernetes.Configuration;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Models;

namespace Lakehouse.Kubernetes.Client;

/// <summary>
/// The operations on the API's objects: create, get, list, replace, server-side apply, delete and watch. One
/// HttpClient per configuration; no timeout of its own (watches last minutes), so each call passes its own token.
/// </summary>
public sealed class KubernetesClient : IDisposable
{
    public const string ApplyPatchContentType = "application/apply-patch+yaml";

    private readonly HttpClient _http;
    private readonly KubernetesConfiguration _configuration;

    public KubernetesClient(KubernetesConfiguration configuration)
    {
        _configuration = configuration;
        _http = new HttpClient(CreateHandler(configuration)) { BaseAddress = configuration.Server, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The namespace from the configuration, used when a call names none.</summary>
    public string Namespace => _configuration.Namespace;

    public Task<T> CreateAsync<T>(ResourceType<T> type, T value, string? ns = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        var body = Stamp(type, value);
        return SendAsync(HttpMethod.Post, type.CollectionPath(ns ?? Namespace), JsonContent(body, type.ObjectJson), type.ObjectJson, cancellationToken);
    }

    public Task<T> GetAsync<T>(ResourceType<T> type, string name, string? ns = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject =>
        SendAsync(HttpMethod.Get, type.ObjectPath(ns ?? Namespace, name), null, type.ObjectJson, cancellationToken);

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> FindAsync<T>(ResourceType<T> type, string name, string? ns = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        try
        {
            return await GetAsync(type, name, ns, cancellationToken);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page of the list; <see cref="ListMeta.Continue"/> names the next.</summary>
    public Task<KubernetesList<T>> ListAsync<T>(ResourceType<T> type, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        var query = Query(
            ("labelSelector", options?.LabelSelector),
            ("fieldSelector", options?.FieldSelector),
            ("limit", options?.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("continue", options?.Continue));
        return SendAsync(HttpMethod.Get, type.CollectionPath(ns ?? Namespace) + query, null, type.ListJson, cancellationToken);
    }

    /// <summary>All pages, following continue tokens; the resourceVersion is the first page's (the list's snapshot).</summary>
    public async Task<KubernetesList<T>> ListAllAsync<T>(ResourceType<T> type, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        var first = await ListAsync(type, ns, options, cancellationToken);
        var items = new List<T>(first.Items);
        var next = first.Metadata.Continue;
        while (!string.IsNullOrEmpty(next))
        {
            var page = await ListAsync(type, ns, (options ?? new ListOptions()) with { Continue = next }, cancellationToken);
            items.AddRange(page.Items);
            next = page.Metadata.Continue;
        }

        return first with { Items = items, Metadata = first.Metadata with { Continue = null } };
    }

    /// <summary>PUT: replaces the object; with its resourceVersion set, a concurrent change makes it a 409.</summary>
    public Task<T> ReplaceAsync<T>(ResourceType<T> type, T value, string? ns = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        var name = value.Metadata.Name ?? throw new ArgumentException("The object has no name.", nameof(value));
        var body = Stamp(type, value);
        return SendAsync(HttpMethod.Put, type.ObjectPath(ns ?? Namespace, name), JsonContent(body, type.ObjectJson), type.ObjectJson, cancellationToken);
    }

    /// <summary>
    /// Server-side apply: the object as this field manager wants it (JSON is YAML, so the body is JSON). Creates it when
    /// missing; fields this manager set before and left out now are removed. <paramref name="force"/> takes over fields
    /// another manager owns instead of failing with a 409.
    /// </summary>
    public Task<T> ApplyAsync<T>(ResourceType<T> type, T value, string fieldManager, bool force = true, string? ns = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        var name = value.Metadata.Name ?? throw new ArgumentException("An applied object needs a name.", nameof(value));
        var body = Stamp(type, value);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type.ObjectJson));
        content.Headers.ContentType = new MediaTypeHeaderValue(ApplyPatchContentType);
        var query = Query(("fieldManager", fieldManager), ("force", force ? "true" : null));
        return SendAsync(HttpMethod.Patch, type.ObjectPath(ns ?? Namespace, name) + query, content, type.ObjectJson, cancellationToken);
    }

    /// <summary>Deletes the object; false when it was already gone.</summary>
    public async Task<bool> DeleteAsync<T>(ResourceType<T> type, string name, string? ns = null, DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        var content = options is null ? null : JsonContent(options, KubernetesJson.Default.DeleteOptions);
        try
        {
            using var response = await SendRawAsync(HttpMethod.Delete, type.ObjectPath(ns ?? Namespace, name), content, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return true;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// One watch connection: the events after <paramref name="resourceVersion"/> (without one, the current objects as
    /// ADDED first), until the server ends the stream. An ERROR event is thrown as its Status (a 410 as
    /// <see cref="KubernetesGoneException"/>); BOOKMARK events are passed on, they only move the resourceVersion.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync<T>(
        ResourceType<T> type,
        string? ns = null,
        string? labelSelector = null,
        string? resourceVersion = null,
        bool allowBookmarks = true,
        TimeSpan? timeout = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        var query = Query(
            ("watch", "true"),
            ("labelSelector", labelSelector),
            ("resourceVersion", resourceVersion),
            ("allowWatchBookmarks", allowBookmarks ? "true" : null),
            ("timeoutSeconds", timeout is { } t ? ((long)t.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        using var response = await SendRawAsync(HttpMethod.Get, type.CollectionPath(ns ?? Namespace) + query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var watchEvent = JsonSerializer.Deserialize(line, KubernetesJson.Default.WatchEvent)
                ?? throw new JsonException("A watch event was null.");
            if (watchEvent.Type == WatchEvent.Error)
            {
                var status = watchEvent.Object.Deserialize(KubernetesJson.Default.Status) ?? new Status();
                throw KubernetesApiException.For((HttpStatusCode)(status.Code ?? 500), status);
            }

            yield return watchEvent;
        }
    }

    /// <summary>The typed object of an ADDED, MODIFIED or DELETED event.</summary>
    public static T ObjectOf<T>(ResourceType<T> type, WatchEvent watchEvent)
        where T : KubernetesObject =>
        watchEvent.Object.Deserialize(type.ObjectJson) ?? throw new JsonException("A watch event carried no object.");

    /// <summary>The resourceVersion any event carries (bookmarks carry nothing else).</summary>
    public static string? ResourceVersionOf(WatchEvent watchEvent) =>
        watchEvent.Object.ValueKind == JsonValueKind.Object
        && watchEvent.Object.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("resourceVersion", out var version)
            ? version.GetString()
            : null;

    public void Dispose() => _http.Dispose();

    private static T Stamp<T>(ResourceType<T> type, T value)
        where T : KubernetesObject =>
        value with { ApiVersion = value.ApiVersion ?? type.ApiVersion, Kind = value.Kind ?? type.Kind };

    private async Task<TResult> SendAsync<TResult>(
        HttpMethod method, string path, HttpContent? content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TResult> json, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, json, cancellationToken)
            ?? throw new JsonException($"The API answered {method} {path} with null.");
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, HttpContent? content, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_configuration.CurrentToken() is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await _http.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw KubernetesApiException.For(response.StatusCode, await ReadStatusAsync(response, cancellationToken));
        }
    }

    /// <summary>The Status the API sends with an error; a body that is not one (a proxy's page) still says something.</summary>
    private static async Task<Status> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonSerializer.Deserialize(text, KubernetesJson.Default.Status) is { Kind: "Status" } status)
            {
                return status;
            }
        }
        catch (JsonException)
        {
            // Not JSON: described below.
        }

        var excerpt = text.Length > 200 ? text[..200] + "…" : text;
        return new Status { Outcome = "Failure", Code = (int)response.StatusCode, Reason = response.ReasonPhrase, Message = excerpt };
    }

    private static ByteArrayContent JsonContent<TBody>(TBody body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TBody> json)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    private static SocketsHttpHandler CreateHandler(KubernetesConfiguration configuration)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (configuration.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        }

        if (configuration.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (configuration.CertificateAuthority is { } authority)
        {
            // The cluster's own CA, and only it: the system's roots do not vouch for an API server.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            {
                if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(presented));
            };
        }

        return handler;
    }
}
