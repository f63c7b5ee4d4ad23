using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.LogShipper.Tests.Infrastructure;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary><c>Lakehouse.LogShipper tail</c> (what <c>./lakehouse logs</c> runs) prints one user's shipped lines.</summary>
public sealed class TailCommandTests(SharedBroker broker)
{
    [Fact]
    public async Task Tail_of_one_user_prints_that_users_lines_only()
    {
        using var state = new TemporaryStateDirectory();
        var exchange = SharedBroker.NewExchange();
        using var tail = ChildProcess.Start("dotnet", [ShipperProcess.Dll, "tail", "--user", "alice", "--exchange", exchange, "--count", "2"],
            new Dictionary<string, string> { ["ConnectionStrings__rabbitmq"] = broker.ConnectionString });
        await Poll.UntilAsync(() => tail.Output.Contains("Tailing exchange", StringComparison.Ordinal) || tail.HasExited, "tail to bind its queue", TimeSpan.FromSeconds(90));
        Assert.False(tail.HasExited, tail.Output);

        using var shipper = await ShipperProcess.StartAsync(ShipperProcess.FastSettings(state.Path, broker.ConnectionString, exchange));
        Directory.CreateDirectory(Path.Combine(state.Path, "logs", "servers"));
        await File.WriteAllTextAsync(Path.Combine(state.Path, "logs", "servers", "bob.log"), "bob's secret line\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(state.Path, "logs", "servers", "alice.log"), "alice one\nalice two\n", TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => tail.HasExited, "tail to print two events and exit", TimeSpan.FromSeconds(90));
        Assert.Contains(" server.alice alice one", tail.Output, StringComparison.Ordinal);
        Assert.Contains(" server.alice alice two", tail.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", tail.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_with_a_bad_user_name_says_why()
    {
        using var tail = ChildProcess.Start("dotnet", [ShipperProcess.Dll, "tail", "--user", "al.ice#"],
            new Dictionary<string, string> { ["ConnectionStrings__rabbitmq"] = broker.ConnectionString });
        await Poll.UntilAsync(() => tail.HasExited, "tail to exit", TimeSpan.FromSeconds(60));
        Assert.Contains("'al.ice#' is not a user or service name.", tail.Output, StringComparison.Ordinal);
        Assert.Contains("usage: tail", tail.Output, StringComparison.Ordinal);
    }
}
