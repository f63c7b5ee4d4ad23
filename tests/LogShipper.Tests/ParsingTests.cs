using System.Text.Json;
using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.LogShipper.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary>What a consumer of <c>lakehouse.logs</c> gets for each kind of line, through the real shipper and broker.</summary>
public sealed class ParsingTests(SharedBroker broker)
{
    [Fact]
    public async Task Service_and_server_logs_arrive_enriched_with_cri_partials_json_fields_and_tracebacks_joined()
    {
        using var state = new TemporaryStateDirectory();
        var exchange = SharedBroker.NewExchange();
        await using var events = await ShippedEvents.BindAsync(broker.ConnectionString, exchange);
        var hubLog = Path.Combine(state.Path, "logs", "hub.log");
        var aliceLog = Path.Combine(state.Path, "logs", "servers", "alice.log");
        Directory.CreateDirectory(Path.GetDirectoryName(aliceLog)!);

        // The AppHost's CRI files: a JSON line as ServiceDefaults writes in a cluster, a line split by the runtime, a traceback.
        const string json = """{"Timestamp":"2026-01-01T00:00:00.000Z","EventId":0,"LogLevel":"Warning","Category":"Lakehouse.Hub.Login","Message":"Login failed for bob","State":{"User":"bob"}}""";
        await File.WriteAllTextAsync(hubLog, string.Join('\n',
            $"2026-01-01T00:00:00.123456789Z stdout F {json}",
            "2026-01-01T00:00:01.0000000+00:00 stdout P first part, ",
            "2026-01-01T00:00:01.0000000+00:00 stdout P second part, ",
            "2026-01-01T00:00:01.0000000+00:00 stdout F last part",
            "2026-01-01T00:00:02.0000000+00:00 stderr F Traceback (most recent call last):",
            "2026-01-01T00:00:02.0000000+00:00 stderr F   File \"/srv/app.py\", line 3, in <module>",
            "2026-01-01T00:00:02.0000000+00:00 stderr F     main()",
            "2026-01-01T00:00:02.0000000+00:00 stderr F ValueError: bad value",
            "2026-01-01T00:00:03.0000000+00:00 stdout F after the traceback",
            ""), TestContext.Current.CancellationToken);
        // The spawner's raw server log, with a chained traceback left last (shipped after the multi-line timeout).
        await File.WriteAllTextAsync(aliceLog, string.Join('\n',
            "[lakehouse-spawner 2026-01-01T00:00:00.0000000+00:00] starting the server of alice on port 20001",
            "[I 2026-01-01 00:00:01.000 ServerApp] Jupyter Server is running",
            "Traceback (most recent call last):",
            "  File \"<stdin>\", line 1, in <module>",
            "KeyError: 'x'",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"<stdin>\", line 3, in <module>",
            "RuntimeError: boom",
            ""), TestContext.Current.CancellationToken);

        using var shipper = await ShipperProcess.StartAsync(ShipperProcess.FastSettings(state.Path, broker.ConnectionString, exchange));
        await events.WaitForAsync(e => e.Count(x => x.RoutingKey == "service.hub") >= 4 && e.Count(x => x.RoutingKey == "server.alice") >= 3, "the hub's and alice's events");

        var hub = events.All.Where(e => e.RoutingKey == "service.hub").ToList();
        Assert.Equal(4, hub.Count);
        Assert.All(hub, e => Assert.True(e.Persistent));
        Assert.All(hub, e => Assert.Equal(e.Id, e.MessageId));
        Assert.All(hub, e => Assert.Equal("hub", e.Field("service")));
        Assert.All(hub, e => Assert.Equal(Environment.MachineName, e.Field("host")));

        var structured = hub[0];
        Assert.Equal("Login failed for bob", structured.Message);
        Assert.Equal("Warning", structured.Field("level"));
        Assert.Equal("Lakehouse.Hub.Login", structured.Body.GetProperty("fields").GetProperty("Category").GetString());
        Assert.Equal("bob", structured.Body.GetProperty("fields").GetProperty("State").GetProperty("User").GetString());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 123, TimeSpan.Zero).AddTicks(4568), structured.Body.GetProperty("timestamp").GetDateTimeOffset());

        Assert.Equal("first part, second part, last part", hub[1].Message);
        Assert.Equal(3, hub[1].Body.GetProperty("lines").GetInt32());
        Assert.Equal("Traceback (most recent call last):\n  File \"/srv/app.py\", line 3, in <module>\n    main()\nValueError: bad value", hub[2].Message);
        Assert.Equal("stderr", hub[2].Field("stream"));
        Assert.Equal("after the traceback", hub[3].Message);

        var alice = events.All.Where(e => e.RoutingKey == "server.alice").ToList();
        Assert.Equal(3, alice.Count);
        Assert.All(alice, e => Assert.Equal("alice", e.Field("user")));
        Assert.All(alice, e => Assert.Equal(JsonValueKind.Undefined, e.Body.TryGetProperty("service", out var s) ? s.ValueKind : JsonValueKind.Undefined));
        Assert.StartsWith("[lakehouse-spawner ", alice[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Traceback (most recent call last):\n", alice[2].Message, StringComparison.Ordinal);
        Assert.EndsWith("RuntimeError: boom", alice[2].Message, StringComparison.Ordinal);
        Assert.Equal(9, alice[2].Body.GetProperty("lines").GetInt32());
        Assert.Equal(hub.Count + alice.Count, events.All.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task In_cluster_mode_pod_namespace_and_container_come_from_the_kubelet_path()
    {
        using var state = new TemporaryStateDirectory();
        var exchange = SharedBroker.NewExchange();
        await using var events = await ShippedEvents.BindAsync(broker.ConnectionString, exchange);
        var pods = Path.Combine(state.Path, "var-log-pods");
        var hubLog = Path.Combine(pods, "lakehouse_hub-7d9f8b-x2x4q_0b6e3a52-1c0d-4bb2-9c36-0d5d3b0c7f11", "hub", "0.log");
        var labLog = Path.Combine(pods, "lakehouse-users_jupyter-bob_9a1c2d3e-aaaa-bbbb-cccc-000000000001", "notebook", "0.log");
        Directory.CreateDirectory(Path.GetDirectoryName(hubLog)!);
        Directory.CreateDirectory(Path.GetDirectoryName(labLog)!);
        await File.WriteAllTextAsync(hubLog, "2026-01-01T00:00:00.000000000Z stdout F hub is up\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(labLog, "2026-01-01T00:00:00.000000000Z stderr F kernel started\n", TestContext.Current.CancellationToken);

        var settings = ShipperProcess.FastSettings(state.Path, broker.ConnectionString, exchange);
        settings["LogShipper__Sources__0__Path"] = Path.Combine(pods, "*", "*", "*.log");
        settings["LogShipper__Sources__0__Kind"] = "Pod";
        settings["LogShipper__Host"] = "node-1";
        settings["LogShipper__RegistryPath"] = Path.Combine(state.Path, "node-registry", "registry.json");
        using var shipper = await ShipperProcess.StartAsync(settings);
        await events.WaitForAsync(e => e.Count == 2, "both pods' lines");

        var hub = Assert.Single(events.All, e => e.RoutingKey == "service.hub");
        Assert.Equal(("hub is up", "lakehouse", "hub-7d9f8b-x2x4q", "hub", "node-1"), (hub.Message, hub.Field("namespace"), hub.Field("pod"), hub.Field("container"), hub.Field("host")));
        var lab = Assert.Single(events.All, e => e.RoutingKey == "server.bob");
        Assert.Equal(("kernel started", "bob", "lakehouse-users", "jupyter-bob", "notebook"), (lab.Message, lab.Field("user"), lab.Field("namespace"), lab.Field("pod"), lab.Field("container")));
        Assert.True(File.Exists(Path.Combine(state.Path, "node-registry", "registry.json")));
    }

    [Fact]
    public async Task A_bad_source_stops_the_shipper_at_start_with_the_key_named()
    {
        using var state = new TemporaryStateDirectory();
        var settings = ShipperProcess.FastSettings(state.Path, broker.ConnectionString, SharedBroker.NewExchange());
        settings["LogShipper__Sources__0__Path"] = "relative/*.log";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ShipperProcess.StartAsync(settings));
        Assert.Contains("LogShipper:Sources:0:Path must be an absolute glob", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(state.Path, "log-shipper")));
    }
}
