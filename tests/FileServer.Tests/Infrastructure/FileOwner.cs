using System.Diagnostics;

namespace Lakehouse.FileServer.Tests.Infrastructure;

/// <summary>Numeric owner, group and mode of a path as <c>stat</c> reports them, without following a link.</summary>
internal sealed record FileOwner(int Uid, int Gid, string Mode)
{
    public static FileOwner Of(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("/usr/bin/stat", ["-c", "%u %g %a", path]) { RedirectStandardOutput = true })!;
        var fields = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        stat.WaitForExit();
        return new FileOwner(int.Parse(fields[0]), int.Parse(fields[1]), fields[2]);
    }
}
