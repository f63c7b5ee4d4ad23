namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// Runs socket continuations on the runtime's socket event threads instead of handing each one to the thread pool:
/// a proxied request is a chain of small socket reads and writes, and every hand-off is a thread wake-up (measured:
/// 10–20 % more requests/s on a shared 2-core machine). Safe here because nothing on the proxy's path blocks a
/// thread; the one heavy step, reading a spawner snapshot, leaves those threads (<see cref="Spawner.IdleTimeoutStream"/>).
/// Kestrel is told the same in <see cref="PublicListener"/>.
/// </summary>
public static class InlineSocketCompletions
{
    /// <summary>The runtime's switch, read once when the first socket is made.</summary>
    public const string VariableName = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool IsEnabled => Environment.GetEnvironmentVariable(VariableName) == "1";

    /// <summary>Turns the switch on unless the environment already decides (<c>0</c> turns it off).</summary>
    /// <remarks>Must run before any socket exists: first thing in Program.cs.</remarks>
    public static void EnableUnlessConfigured()
    {
        if (Environment.GetEnvironmentVariable(VariableName) is null)
        {
            Environment.SetEnvironmentVariable(VariableName, "1");
        }
    }
}
