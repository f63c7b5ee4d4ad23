using Lakehouse.LogShipper.Sources;

namespace Lakehouse.LogShipper.Parsing;

/// <summary>One shipped event: a line, a joined partial CRI line, or a joined traceback, and where in its file it lies.</summary>
/// <param name="Source">The file it came from; its offsets are committed once the event is confirmed.</param>
/// <param name="StartOffset">Where the event's first line starts: with the file and generation, its identity.</param>
/// <param name="EndOffset">Just after its last line's newline: where reading resumes once it is confirmed.</param>
/// <param name="Stream"><c>stdout</c> or <c>stderr</c> for CRI lines; null for raw lines.</param>
/// <param name="Message">The text as UTF-8 bytes. A single line's points into the file's read buffer, so it is only
/// valid until the next read: events are encoded (<see cref="Shipping.EventEnvelope"/>) before reading on.</param>
/// <param name="Lines">How many lines of the file it joins.</param>
public readonly record struct LogEvent(
    SourceFile Source,
    long Generation,
    long StartOffset,
    long EndOffset,
    DateTimeOffset Timestamp,
    string? Stream,
    ReadOnlyMemory<byte> Message,
    int Lines);
