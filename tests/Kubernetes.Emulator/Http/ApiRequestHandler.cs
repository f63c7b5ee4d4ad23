using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakehouse.Kubernetes.Emulator.Store;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.Kubernetes.Emulator.Http;

/// <summary>
/// Serves the API over HTTP: verbs to store operations, errors as Status objects, watches as a chunked stream of
/// newline-delimited WatchEvents (an expired version as an ERROR event with a 410 Status, as the API sends it).
/// </summary>
public sealed class ApiRequestHandler(ObjectStore store, EmulatorOptions options, RequestLog log)
{
    private const string ApplyPatch = "application/apply-patch+yaml";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        log.Add(new LoggedRequest(request.Method, request.Path + request.QueryString, request.ContentType));
        try
        {
            if (options.BearerToken is { } token && request.Headers.Authorization.ToString() != $"Bearer {token}")
            {
                throw new ApiError(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
            }

            var path = ApiPath.Parse(request.Path);
            var query = request.Query;
            var result = (request.Method, path.Name) switch
            {
                ("GET", null) when IsTrue(query["watch"]) => await WatchAsync(context, path),
                ("GET", null) => store.List(
                    path.Resource, path.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]),
                    ParseInt(query["limit"]), Empty(query["continue"])),
                ("GET", { } name) => store.Get(path.Resource, path.Namespace!, name),
                ("POST", null) when path.Namespace is not null => store.Create(path.Resource, path.Namespace, await ReadObjectAsync(request)),
                ("PUT", { } name) => store.Update(path.Resource, path.Namespace!, name, await ReadObjectAsync(request)),
                ("PATCH", { } name) => await PatchAsync(request, path, name),
                ("DELETE", { } name) => await DeleteAsync(request, path, name),
                _ => throw new ApiError(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
            };
            if (result is not null)
            {
                await WriteAsync(context, request.Method == "POST" ? HttpStatusCode.Created : HttpStatusCode.OK, result);
            }
        }
        catch (ApiError e)
        {
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, e.Code, e.ToStatus());
            }
        }
    }

    private async Task<JsonObject> PatchAsync(HttpRequest request, ApiPath path, string name)
    {
        var contentType = request.ContentType?.Split(';')[0].Trim();
        if (contentType != ApplyPatch)
        {
            throw new ApiError(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                $"the emulator supports only server-side apply ({ApplyPatch}), not '{contentType}'");
        }

        if (Empty(request.Query["fieldManager"]) is not { } manager)
        {
            throw ApiError.BadRequest("PATCH, application/apply-patch+yaml requests require fieldManager to be set");
        }

        var applied = await ReadObjectAsync(request);
        return store.Apply(path.Resource, path.Namespace!, name, applied, manager, IsTrue(request.Query["force"]));
    }

    private async Task<JsonObject> DeleteAsync(HttpRequest request, ApiPath path, string name)
    {
        long? grace = ParseInt(request.Query["gracePeriodSeconds"]);
        string? propagation = Empty(request.Query["propagationPolicy"]);
        string? uid = null, resourceVersion = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var body = await ReadObjectAsync(request);
            grace ??= JsonNumbers.AsLong(body["gracePeriodSeconds"]);
            propagation ??= body["propagationPolicy"]?.GetValue<string>();
            uid = body["preconditions"]?["uid"]?.GetValue<string>();
            resourceVersion = body["preconditions"]?["resourceVersion"]?.GetValue<string>();
        }

        return store.Delete(path.Resource, path.Namespace!, name, grace, propagation, new DeletePreconditions(uid, resourceVersion));
    }

    /// <summary>Streams the watch until the client leaves, the timeout passes, or a test drops it; null: the response is written.</summary>
    private async Task<JsonObject?> WatchAsync(HttpContext context, ApiPath path)
    {
        var query = context.Request.Query;
        long? from = Empty(query["resourceVersion"]) is { } text
            ? long.TryParse(text, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw ApiError.BadRequest($"invalid resource version: {text}")
            : null;
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var timeout = ParseInt(query["timeoutSeconds"]) is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        IReadOnlyList<Change> replay;
        WatchSubscription subscription;
        try
        {
            (replay, subscription) = store.Watch(path.Resource, path.Namespace, LabelSelector.Parse(query["labelSelector"]),
                FieldSelector.Parse(query["fieldSelector"]), from);
        }
        catch (ApiError e) when (e.Code == HttpStatusCode.Gone)
        {
            // The API answers a watch from an expired version with 200 and one ERROR event.
            await WriteLineAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() }, context.RequestAborted);
            return null;
        }

        using var _ = subscription;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, subscription.Dropped);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            stop.CancelAfter(timeout);
        }

        try
        {
            await response.StartAsync(stop.Token);
            foreach (var change in replay)
            {
                await WriteLineAsync(response, Event(change), stop.Token);
            }

            var lastBookmark = options.TimeProvider.GetUtcNow();
            while (!stop.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                if (bookmarks)
                {
                    wait.CancelAfter(options.BookmarkInterval);
                }

                try
                {
                    var change = await subscription.Changes.Reader.ReadAsync(wait.Token);
                    await WriteLineAsync(response, Event(change), stop.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // Quiet for a bookmark interval: tell the client how far it is.
                }

                if (bookmarks && options.TimeProvider.GetUtcNow() - lastBookmark >= options.BookmarkInterval)
                {
                    lastBookmark = options.TimeProvider.GetUtcNow();
                    await WriteLineAsync(response, Bookmark(path.Resource, store.ResourceVersion), stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client left, the timeout passed, or the test dropped the connection.
        }
        finally
        {
            store.EndWatch(subscription);
        }

        if (subscription.Dropped.IsCancellationRequested)
        {
            // A dropped connection, not a clean end of the stream.
            context.Abort();
        }

        return null;
    }

    private static JsonObject Event(Change change) => new() { ["type"] = change.Type, ["object"] = change.Object.DeepClone() };

    private static JsonObject Bookmark(ResourceInfo resource, long version) => new()
    {
        ["type"] = "BOOKMARK",
        ["object"] = new JsonObject
        {
            ["kind"] = resource.Kind,
            ["apiVersion"] = resource.Group.Length == 0 ? "v1" : $"{resource.Group}/{resource.Versions[0]}",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
        },
    };

    private static async Task WriteLineAsync(HttpResponse response, JsonObject line, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line.ToJsonString() + "\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body) as JsonObject ?? throw ApiError.BadRequest("the body must be an object");
        }
        catch (JsonException e)
        {
            // JSON is the YAML the clients here send; the emulator reads nothing else.
            throw ApiError.BadRequest($"the emulator reads JSON bodies only: {e.Message}");
        }
    }

    private static bool IsTrue(string? value) => value is "true" or "1";

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int? ParseInt(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : int.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number
        : throw ApiError.BadRequest($"invalid number: {value}");
}
