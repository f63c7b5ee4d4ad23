namespace Lakehouse.Benchmarks;

/// <summary>The memory of a set of processes: resident (RSS) and proportional (PSS, shared pages divided).</summary>
internal sealed record Memory(long ResidentBytes, long ProportionalBytes)
{
    public static Memory Of(IEnumerable<int> pids)
    {
        var list = pids.ToList();
        return new Memory(list.Sum(ProcessTree.ResidentBytes), list.Sum(ProcessTree.ProportionalBytes));
    }

    /// <summary>The processes under <paramref name="root"/> with these <see cref="ProcessTree.Label"/>s, one each.</summary>
    public static IReadOnlyList<int> FindAll(int root, IEnumerable<string> labels) =>
        labels.Select(label => ProcessTree.WithDescendants(root).Cast<int?>().FirstOrDefault(pid => ProcessTree.Label(pid!.Value) == label)
            ?? throw new InvalidOperationException($"No process of {label} under pid {root}.")).ToList();

    public string Rss => Measurements.MiB(ResidentBytes);

    public string Pss => Measurements.MiB(ProportionalBytes);
}
