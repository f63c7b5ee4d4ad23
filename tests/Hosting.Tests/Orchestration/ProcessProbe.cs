using System.Globalization;

namespace Lakehouse.Hosting.Tests.Orchestration;

/// <summary>Looks at processes through /proc, as a user with <c>ps</c> would.</summary>
internal static class ProcessProbe
{
    /// <summary>Running (not a zombie, not gone).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int SessionOf(int pid) => StatField(pid, 3);

    public static int ParentOf(int pid) => StatField(pid, 1);

    private static int StatField(int pid, int index)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[index], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits until the process leads its own session. A shell prints <c>$!</c> of <c>setsid cmd &amp;</c> before setsid has
    /// run, and until it has, the process is still in its parent's group, which a stop would signal.
    /// </summary>
    public static async Task<int> WaitForOwnSessionAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TestAppHost.Timeout;
        while (SessionOf(pid) != pid && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(pid, SessionOf(pid));
        return pid;
    }

    public static async Task WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TestAppHost.Timeout;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
