namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>What arrived of one writer's lines: the missing ones, the duplicates, and whether ids tell duplicates apart.</summary>
internal sealed record DeliveryReport(int Written, IReadOnlyList<int> Missing, int Duplicates, int DistinctIds, int Distinct)
{
    public static DeliveryReport Of(LineWriter writer, IReadOnlyList<ShippedEvent> events)
    {
        var mine = events.Select(e => (Event: e, Number: writer.NumberIn(e.Message))).Where(p => p.Number is not null).ToList();
        var numbers = mine.Select(p => p.Number!.Value).ToHashSet();
        var missing = Enumerable.Range(0, writer.Written).Where(n => !numbers.Contains(n)).ToList();
        return new DeliveryReport(writer.Written, missing, mine.Count - numbers.Count, mine.Select(p => p.Event.Id).Distinct().Count(), numbers.Count);
    }

    public bool Complete => Missing.Count == 0;

    public override string ToString() =>
        $"{Written} written, {Distinct} arrived, {Missing.Count} missing ({string.Join(", ", Missing.Take(10))}), {Duplicates} duplicates, {DistinctIds} distinct ids";
}
