namespace Lakehouse.Benchmarks;

/// <summary>Which benchmarks to run and how many times to repeat each measurement (the median is reported).</summary>
public sealed record BenchmarkOptions(IReadOnlyList<string> Benchmarks, int Runs)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var names = new List<string>();
        var runs = 3;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0)
            {
                runs = n;
                i++;
            }
            else
            {
                names.Add(args[i]);
            }
        }

        return new BenchmarkOptions(names, runs);
    }
}
