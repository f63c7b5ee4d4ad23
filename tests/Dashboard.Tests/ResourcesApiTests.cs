using System.Net;
using System.Text.Json;
using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Dashboard.Tests;

public sealed class ResourcesApiTests
{
    [Fact]
    public async Task Resources_are_listed_as_camelCase_json_with_display_state_for_a_bearer_token_only()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub", health: ResourceHealth.Unhealthy,
            endpoints: [new EndpointSnapshot("http", "http://127.0.0.1:5101", IsExternal: false)]));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        var ct = TestContext.Current.CancellationToken;

        using var anonymous = dashboard.CreateClient();
        using var refused = await anonymous.GetAsync("/api/resources", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, "/api/resources") { Headers = { { "Authorization", "Bearer wrong-token-000000000000" } } };
        using var wrongResponse = await anonymous.SendAsync(wrongToken, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);

        using var client = dashboard.CreateClient(withBearerToken: true);
        using var response = await client.GetAsync("/api/resources", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var hub = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("hub", hub.GetProperty("name").GetString());
        Assert.Equal("Project", hub.GetProperty("type").GetString());
        Assert.Equal("Running", hub.GetProperty("state").GetString());
        Assert.Equal("Unhealthy", hub.GetProperty("health").GetString());
        Assert.Equal("Running (Unhealthy)", hub.GetProperty("displayState").GetString());
        Assert.Equal("http://127.0.0.1:5101", hub.GetProperty("endpoints")[0].GetProperty("url").GetString());
        Assert.Equal(4242, hub.GetProperty("processId").GetInt32());
        Assert.Equal(JsonValueKind.Null, hub.GetProperty("exitCode").ValueKind);

        using var one = await client.GetAsync("/api/resources/hub", ct);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Contains("\"displayState\":\"Running (Unhealthy)\"", await one.Content.ReadAsStringAsync(ct));
        using var missing = await client.GetAsync("/api/resources/nope", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Unknown_resource_is_404_and_unknown_command_is_400_and_nothing_changes()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        using var client = dashboard.CreateClient(withBearerToken: true);
        var ct = TestContext.Current.CancellationToken;

        using var unknownResource = await client.PostAsync("/api/resources/nope/commands/stop", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknownResource.StatusCode);
        Assert.Equal("application/problem+json", unknownResource.Content.Headers.ContentType?.MediaType);
        Assert.Contains("There is no resource named 'nope'", await unknownResource.Content.ReadAsStringAsync(ct));

        using var unknownCommand = await client.PostAsync("/api/resources/hub/commands/explode", null, ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownCommand.StatusCode);
        Assert.Contains("start, stop, restart", await unknownCommand.Content.ReadAsStringAsync(ct));

        using var getCommand = await client.GetAsync("/api/resources/hub/commands/stop", ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getCommand.StatusCode);
        Assert.Contains("commands are POST only", await getCommand.Content.ReadAsStringAsync(ct));

        using var unknownLogs = await client.GetAsync("/api/resources/nope/logs", ct);
        Assert.Equal(HttpStatusCode.NotFound, unknownLogs.StatusCode);

        Assert.Empty(monitor.Commands);

        using var stop = await client.PostAsync("/api/resources/hub/commands/stop", null, ct);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal([new ExecutedCommand("hub", "stop")], monitor.Commands);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("a--b")]
    [InlineData("-hub")]
    [InlineData("%3Cscript%3E")]
    public async Task Malformed_names_get_a_400_that_says_why_and_nothing_changes(string name)
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        using var client = dashboard.CreateClient(withBearerToken: true);
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.PostAsync($"/api/resources/{name}/commands/stop", null, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid resource name", await response.Content.ReadAsStringAsync(ct));
        Assert.Empty(monitor.Commands);
    }

    [Fact]
    public async Task A_dot_dot_name_resolves_to_no_endpoint_and_gets_a_clear_404()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        using var client = dashboard.CreateClient(withBearerToken: true);
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.PostAsync("/api/resources/%2E%2E/commands/stop", null, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no such dashboard API endpoint", await response.Content.ReadAsStringAsync(ct));
        Assert.Empty(monitor.Commands);
    }

    [Fact]
    public async Task A_huge_name_is_refused_without_being_echoed()
    {
        var monitor = new FakeResourceMonitor();
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        using var client = dashboard.CreateClient(withBearerToken: true);
        var ct = TestContext.Current.CancellationToken;
        var name = "a" + new string('b', 2000);

        using var response = await client.PostAsync($"/api/resources/{name}/commands/stop", null, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("at most 64 characters", body);
        Assert.DoesNotContain(name, body);
    }

    [Fact]
    public async Task Resource_events_stream_replays_the_current_state_then_changes()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub", KnownResourceStates.Starting, ResourceHealth.Unknown));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        using var client = dashboard.CreateClient(withBearerToken: true);
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));

        Assert.Contains("\"state\":\"Starting\"", await ReadDataLineAsync(reader, ct));
        monitor.Update("hub", s => s with { State = KnownResourceStates.Running });
        Assert.Contains("\"displayState\":\"Running\"", await ReadDataLineAsync(reader, ct));
    }

    [Fact]
    public async Task A_reconnecting_log_stream_resumes_after_the_last_event_id()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        monitor.WriteLog("hub", "stdout", "first");
        monitor.WriteLog("hub", "stderr", "second");
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        using var client = dashboard.CreateClient(withBearerToken: true);
        var ct = TestContext.Current.CancellationToken;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/resources/hub/logs") { Headers = { { "Last-Event-ID", "1" } } };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));

        var line = await ReadDataLineAsync(reader, ct);
        Assert.Contains("\"sequence\":2", line);
        Assert.Contains("\"stream\":\"stderr\"", line);
        Assert.Contains("\"text\":\"second\"", line);
    }

    [Fact]
    public async Task Stopping_the_dashboard_ends_open_event_streams_without_errors()
    {
        var logs = new CapturingLoggerProvider();
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        monitor.WriteLog("hub", "stdout", "hello");
        var dashboard = await DashboardTestHost.StartAsync(monitor, logs: logs);
        var ct = TestContext.Current.CancellationToken;
        using var client = dashboard.CreateClient(withBearerToken: true);
        using var events = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var logStream = await client.GetAsync("/api/resources/hub/logs", HttpCompletionOption.ResponseHeadersRead, ct);
        using var eventsReader = new StreamReader(await events.Content.ReadAsStreamAsync(ct));
        using var logReader = new StreamReader(await logStream.Content.ReadAsStreamAsync(ct));
        Assert.Contains("\"name\":\"hub\"", await ReadDataLineAsync(eventsReader, ct));
        Assert.Contains("\"text\":\"hello\"", await ReadDataLineAsync(logReader, ct));

        await dashboard.DisposeAsync();

        await Assert.ThrowsAsync<EndOfStreamException>(() => ReadDataLineAsync(eventsReader, ct));
        await Assert.ThrowsAsync<EndOfStreamException>(() => ReadDataLineAsync(logReader, ct));
        Assert.DoesNotContain(logs.Entries, e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));
    }

    private static async Task<string> ReadDataLineAsync(StreamReader reader, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
