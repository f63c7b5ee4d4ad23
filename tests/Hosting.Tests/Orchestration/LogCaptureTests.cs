using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class LogCaptureTests
{
    [Fact]
    public async Task Stdout_and_stderr_are_buffered_for_watchers_and_appended_to_the_log_file()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("talker", "sh", host.WorkDirectory, "-c", "echo 'to stdout'; echo 'to stderr' >&2; read line; echo \"after $line\"; exec sleep 600");
        await host.StartAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestAppHost.Timeout);

        var lines = new List<ResourceLogLine>();
        await foreach (var line in host.Monitor.WatchLogsAsync("talker", timeout.Token))
        {
            lines.Add(line);
            if (lines.Count == 3)
            {
                break;
            }
        }

        Assert.Contains(lines, l => (l.Stream, l.Text) == ("stdout", "to stdout"));
        Assert.Contains(lines, l => (l.Stream, l.Text) == ("stderr", "to stderr"));
        // Input is closed, so a program reading it gets end-of-file instead of hanging on the AppHost's terminal.
        Assert.Contains(lines, l => l.Text == "after ");
        Assert.Equal(lines.Select(l => l.Sequence).Order(), lines.Select(l => l.Sequence));

        var file = Path.Combine(host.StateDirectory, "logs", "talker.log");
        var written = File.ReadAllLines(file);
        Assert.Contains(written, l => l.EndsWith(" stdout F to stdout", StringComparison.Ordinal));
        Assert.Contains(written, l => l.EndsWith(" stderr F to stderr", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task A_watcher_that_comes_later_gets_the_buffered_lines_first()
    {
        await using var host = new TestAppHost("--Lakehouse:Orchestrator:LogBufferLines=5");
        host.Builder.AddExecutable("counter", "sh", host.WorkDirectory, "-c", "for i in 1 2 3 4 5 6 7 8; do echo line-$i; done; exec sleep 600");
        await host.StartAsync();
        await host.WaitForOutputAsync("counter", "line-8");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestAppHost.Timeout);

        var replayed = new List<string>();
        await foreach (var line in host.Monitor.WatchLogsAsync("counter", timeout.Token))
        {
            replayed.Add(line.Text);
            if (replayed.Count == 5)
            {
                break;
            }
        }

        Assert.Equal(["line-4", "line-5", "line-6", "line-7", "line-8"], replayed);
        Assert.Equal(8, File.ReadAllLines(Path.Combine(host.StateDirectory, "logs", "counter.log")).Length);
    }
}
