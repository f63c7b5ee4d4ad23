using System.Globalization;

namespace Lakehouse.Testing;

/// <summary>
/// What a process does with signals, read from <c>/proc</c>. A process started from a non-interactive shell's
/// background job inherits SIGINT as ignored, so a test that means "Ctrl+C" must then send SIGTERM instead.
/// </summary>
public static class ProcessSignals
{
    public const int SigInt = 2;

    public static bool Ignores(int pid, int signal)
    {
        var ignored = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return (ulong.Parse(ignored, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }
}
