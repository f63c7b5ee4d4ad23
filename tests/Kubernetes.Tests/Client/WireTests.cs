using System.Text.Json;
using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Configuration;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Tests.Infrastructure;

namespace Lakehouse.Kubernetes.Tests.Client;

/// <summary>The client against answers shaped as the Kubernetes API documentation shows them.</summary>
public sealed class WireTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_404_Status_becomes_a_not_found_error_with_the_APIs_message()
    {
        await using var server = await StubApiServer.StartAsync(404, """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"grafana\" not found","reason":"NotFound","details":{"name":"grafana","kind":"pods"},"code":404}
            """);
        using var client = new KubernetesClient(new KubernetesConfiguration { Server = server.Address, Namespace = "lab" });

        var error = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => client.GetAsync(ResourceTypes.Pods, "grafana", cancellationToken: Cancel));

        Assert.Equal("pods \"grafana\" not found", error.Status.Message);
        Assert.Equal("NotFound", error.Status.Reason);
        Assert.Equal("grafana", error.Status.Details?.Name);
        Assert.Contains("pods \"grafana\" not found", error.Message);
        Assert.Equal("GET /api/v1/namespaces/lab/pods/grafana", $"{server.Requests[0].Method} {server.Requests[0].PathAndQuery}");
        Assert.Null(await client.FindAsync(ResourceTypes.Pods, "grafana", cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_409_and_a_422_become_conflict_and_invalid_errors_with_their_causes()
    {
        await using (var conflict = await StubApiServer.StartAsync(409, """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on pods \"a\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"a","kind":"pods"},"code":409}
            """))
        {
            using var client = new KubernetesClient(new KubernetesConfiguration { Server = conflict.Address });
            var error = await Assert.ThrowsAsync<KubernetesConflictException>(() => client.ReplaceAsync(ResourceTypes.Pods, TestObjects.Pod("a"), cancellationToken: Cancel));
            Assert.False(error.AlreadyExists);
            Assert.Contains("the object has been modified", error.Status.Message);
        }

        await using var invalid = await StubApiServer.StartAsync(422, """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Pod \"A\" is invalid: metadata.name: Invalid value: \"A\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters","reason":"Invalid","details":{"name":"A","kind":"Pod","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"A\"","field":"metadata.name"}]},"code":422}
            """);
        using var invalidClient = new KubernetesClient(new KubernetesConfiguration { Server = invalid.Address });
        var refused = await Assert.ThrowsAsync<KubernetesInvalidException>(() => invalidClient.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("A"), cancellationToken: Cancel));
        Assert.Equal("metadata.name", Assert.Single(refused.Status.Details!.Causes!).Field);
    }

    [Fact]
    public async Task An_error_that_is_not_a_Status_still_says_what_came_back()
    {
        await using var server = await StubApiServer.StartAsync(503, "upstream connect error");
        using var client = new KubernetesClient(new KubernetesConfiguration { Server = server.Address });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(ResourceTypes.Pods, "a", cancellationToken: Cancel));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("upstream connect error", error.Message);
    }

    [Fact]
    public async Task Apply_sends_a_JSON_body_as_apply_patch_yaml_with_field_manager_and_force()
    {
        await using var server = await StubApiServer.StartAsync(200, """{"apiVersion":"v1","kind":"Service","metadata":{"name":"alice-lab","resourceVersion":"7"}}""");
        using var client = new KubernetesClient(new KubernetesConfiguration { Server = server.Address, Namespace = "jupyter" });

        var applied = await client.ApplyAsync(ResourceTypes.Services, TestObjects.Service("alice-lab"), "lakehouse-route-controller", force: true, cancellationToken: Cancel);

        var (method, path, contentType, body) = Assert.Single(server.Requests);
        Assert.Equal("PATCH", method);
        Assert.Equal("/api/v1/namespaces/jupyter/services/alice-lab?fieldManager=lakehouse-route-controller&force=true", path);
        Assert.Equal("application/apply-patch+yaml", contentType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("v1", json.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("Service", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("7", applied.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Delete_sends_DeleteOptions_and_a_custom_resource_uses_its_group_path()
    {
        await using var server = await StubApiServer.StartAsync(200, """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}""");
        using var client = new KubernetesClient(new KubernetesConfiguration { Server = server.Address, Namespace = "jupyter" });

        Assert.True(await client.DeleteAsync(ResourceTypes.VirtualServices, "lab-vs-alice", options: new DeleteOptions
        {
            GracePeriodSeconds = 5,
            PropagationPolicy = PropagationPolicy.Foreground,
        }, cancellationToken: Cancel));

        var (method, path, _, body) = Assert.Single(server.Requests);
        Assert.Equal("DELETE /apis/networking.istio.io/v1beta1/namespaces/jupyter/virtualservices/lab-vs-alice", $"{method} {path}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(5, json.RootElement.GetProperty("gracePeriodSeconds").GetInt32());
        Assert.Equal("Foreground", json.RootElement.GetProperty("propagationPolicy").GetString());
    }

    [Fact]
    public async Task A_watch_stream_yields_its_events_and_bookmarks_then_raises_410_from_an_ERROR_event()
    {
        // Newline-delimited WatchEvents as the API streams them; the last is the Status of an expired version.
        await using var server = await StubApiServer.StartAsync(200, string.Join('\n',
            """{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"10245"}}}""",
            """{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12746"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 10245 (12746)","reason":"Expired","code":410}}""") + "\n");
        using var client = new KubernetesClient(new KubernetesConfiguration { Server = server.Address, Namespace = "lab" });
        var seen = new List<(string Type, string? Version)>();

        var gone = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var e in client.WatchAsync(ResourceTypes.Pods, labelSelector: "component=singleuser-server", resourceVersion: "10245", cancellationToken: Cancel))
            {
                seen.Add((e.Type, KubernetesClient.ResourceVersionOf(e)));
            }
        });

        Assert.Equal([("ADDED", "10245"), ("BOOKMARK", "12746")], seen);
        Assert.Equal("too old resource version: 10245 (12746)", gone.Status.Message);
        Assert.Equal(
            "/api/v1/namespaces/lab/pods?watch=true&labelSelector=component%3Dsingleuser-server&resourceVersion=10245&allowWatchBookmarks=true",
            server.Requests[0].PathAndQuery);
    }
}
