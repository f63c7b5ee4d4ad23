namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>
/// What arrived of one writer's lines: the missing ones, the shipper's duplicates, and whether ids tell duplicates
/// apart. A copy the broker redelivered to the test's own consumer (its ack lost when the broker stopped) is counted
/// apart, in <see cref="Redelivered"/>: it says nothing of the shipper.
/// </summary>
internal sealed record DeliveryReport(int Written, IReadOnlyList<int> Missing, int Duplicates, int Redelivered, int DistinctIds, int Distinct)
{
    public static DeliveryReport Of(LineWriter writer, IReadOnlyList<ShippedEvent> events)
    {
        var mine = events.Select(e => (Event: e, Number: writer.NumberIn(e.Message))).Where(p => p.Number is not null).ToList();
        var numbers = new HashSet<int>();
        var redelivered = 0;
        foreach (var (shipped, number) in mine)
        {
            if (!numbers.Add(number!.Value) && shipped.Redelivered)
            {
                redelivered++;
            }
        }

        var missing = Enumerable.Range(0, writer.Written).Where(n => !numbers.Contains(n)).ToList();
        var duplicates = mine.Count - numbers.Count - redelivered;
        return new DeliveryReport(writer.Written, missing, duplicates, redelivered, mine.Select(p => p.Event.Id).Distinct().Count(), numbers.Count);
    }

    public bool Complete => Missing.Count == 0;

    public override string ToString() =>
        $"{Written} written, {Distinct} arrived, {Missing.Count} missing ({string.Join(", ", Missing.Take(10))}), {Duplicates} duplicates, " +
        $"{Redelivered} redelivered to the test's consumer, {DistinctIds} distinct ids";
}
