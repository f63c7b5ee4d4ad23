namespace Lakehouse.Benchmarks;

/// <summary>
/// Which benchmarks to run, how many times to repeat each measurement (the median is reported), and optionally which
/// systems (<c>--only TEXT[,TEXT…]</c>: rows whose system contains one of the texts; the others are not measured), for
/// quick comparisons such as <c>--only nginx,Lakehouse</c>.
/// </summary>
public sealed record BenchmarkOptions(IReadOnlyList<string> Benchmarks, int Runs, string? Only = null)
{
    public bool Includes(string system) =>
        Only is null
        || Only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(text => system.Contains(text, StringComparison.OrdinalIgnoreCase));

    public static BenchmarkOptions Parse(string[] args)
    {
        var names = new List<string>();
        var runs = 3;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0)
            {
                runs = n;
                i++;
            }
            else if (args[i] is "--only" && i + 1 < args.Length)
            {
                only = args[++i];
            }
            else
            {
                names.Add(args[i]);
            }
        }

        return new BenchmarkOptions(names, runs, only);
    }
}
