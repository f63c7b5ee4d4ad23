using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lakehouse.Benchmarks.Load;

/// <summary>One wrk run: requests per second and latency percentiles.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>Debian's wrk, as the issue measures the peers: <c>wrk -t2 -c32</c>.</summary>
internal static partial class Wrk
{
    public const string Program = "/usr/bin/wrk";

    public static string? MissingPrerequisite() => File.Exists(Program) ? null : "wrk is not installed: apt-get install -y wrk";

    public static async Task<WrkResult> RunAsync(Uri url, TimeSpan duration, string? authorization, CancellationToken cancellationToken, int threads = 2, int connections = 32)
    {
        var arguments = new List<string>
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s",
            "--latency",
        };
        if (authorization is not null)
        {
            arguments.AddRange(["-H", $"Authorization: {authorization}"]);
        }

        arguments.Add(url.AbsoluteUri);
        var start = new ProcessStartInfo(Program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return Parse(output);
    }

    internal static WrkResult Parse(string output)
    {
        var rps = RequestsPerSecond().Match(output);
        if (!rps.Success)
        {
            throw new InvalidOperationException($"wrk printed no Requests/sec:\n{output}");
        }

        var errors = 0L;
        foreach (Match match in ErrorCount().Matches(output))
        {
            errors += long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var non2xx = Non2xx().Match(output);
        if (non2xx.Success)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), Percentile(output, "50"), Percentile(output, "99"), errors);
    }

    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{percentile}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex ErrorCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
}
