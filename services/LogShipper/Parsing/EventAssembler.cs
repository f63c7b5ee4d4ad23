using System.Buffers;
using Lakehouse.LogShipper.Sources;

namespace Lakehouse.LogShipper.Parsing;

/// <summary>
/// Turns one file's lines into events, in file order: joins partial CRI lines (<c>P</c> … <c>F</c>) and multi-line
/// Python tracebacks (chained ones too). An unfinished join is held until its continuation arrives or
/// <see cref="Flush"/> is called because none came. Works on the file's UTF-8 bytes: a plain line becomes an event
/// without a copy.
/// </summary>
public sealed class EventAssembler(SourceFile source, int maxEventBytes)
{
    private static readonly byte[] TracebackStart = "Traceback (most recent call last):"u8.ToArray();

    private static readonly byte[][] ChainSentences =
    [
        "During handling of the above exception, another exception occurred:"u8.ToArray(),
        "The above exception was the direct cause of the following exception:"u8.ToArray(),
    ];

    private readonly Pending _partial = new();
    private readonly Pending _traceback = new();
    private TracebackState _tracebackState;

    private enum TracebackState
    {
        None,
        InFrames,
        AfterException,
    }

    public long Generation { get; set; }

    /// <summary>True while lines are held back: the file's read position is ahead of its last emitted event.</summary>
    public bool HasPending => _partial.Lines > 0 || _traceback.Lines > 0;

    /// <summary>Adds one line (without its newline) that spans [start, end) of the file.</summary>
    public void Add(ReadOnlyMemory<byte> line, long start, long end, DateTimeOffset readAt, List<LogEvent> output)
    {
        if (CriLine.TryParse(line.Span, out var cri))
        {
            // The text is the line's tail: keep it as memory, not a copy.
            var text = line[(line.Length - cri.Text.Length)..];
            if (cri.Partial || _partial.Lines > 0)
            {
                _partial.Append(text.Span, start, end, cri.Timestamp, cri.Stream, separator: false, maxEventBytes);
                if (cri.Partial)
                {
                    return;
                }

                var joined = _partial.Take();
                AddLogical(joined.Text, joined.Start, end, joined.Timestamp, joined.Stream, joined.Lines, output);
                return;
            }

            AddLogical(text, start, end, cri.Timestamp, cri.Stream, 1, output);
            return;
        }

        var raw = line.Span.EndsWith("\r"u8) ? line[..^1] : line;
        AddLogical(raw, start, end, readAt, null, 1, output);
    }

    /// <summary>Emits whatever is held back; called when no line has come for a while, or the file is done.</summary>
    public void Flush(List<LogEvent> output)
    {
        if (_partial.Lines > 0)
        {
            var joined = _partial.Take();
            AddLogical(joined.Text, joined.Start, joined.End, joined.Timestamp, joined.Stream, joined.Lines, output);
        }

        EmitTraceback(output);
    }

    /// <summary>Forgets held-back lines: the file was truncated under them.</summary>
    public void Reset()
    {
        _partial.Take();
        _traceback.Take();
        _tracebackState = TracebackState.None;
    }

    private void AddLogical(ReadOnlyMemory<byte> text, long start, long end, DateTimeOffset timestamp, string? stream, int lines, List<LogEvent> output)
    {
        if (_tracebackState != TracebackState.None)
        {
            if (ContinuesTraceback(text.Span))
            {
                _traceback.Append(text.Span, start, end, timestamp, stream, separator: true, maxEventBytes, lines);
                return;
            }

            EmitTraceback(output);
        }

        if (text.Span.StartsWith(TracebackStart))
        {
            _tracebackState = TracebackState.InFrames;
            _traceback.Append(text.Span, start, end, timestamp, stream, separator: true, maxEventBytes, lines);
            return;
        }

        output.Add(new LogEvent(source, Generation, start, end, timestamp, stream, text[..Utf8Prefix(text.Span, maxEventBytes)], lines));
    }

    /// <summary>Frames are indented; the first unindented line is the exception, after which only a chain continues.</summary>
    private bool ContinuesTraceback(ReadOnlySpan<byte> text)
    {
        var indented = text.Length == 0 || text[0] is (byte)' ' or (byte)'\t';
        if (_tracebackState == TracebackState.InFrames)
        {
            if (!indented)
            {
                _tracebackState = TracebackState.AfterException;
            }

            return true;
        }

        if (text.StartsWith(TracebackStart))
        {
            _tracebackState = TracebackState.InFrames;
            return true;
        }

        if (text.Length == 0)
        {
            return true;
        }

        foreach (var sentence in ChainSentences)
        {
            if (text.SequenceEqual(sentence))
            {
                return true;
            }
        }

        return false;
    }

    private void EmitTraceback(List<LogEvent> output)
    {
        _tracebackState = TracebackState.None;
        if (_traceback.Lines == 0)
        {
            return;
        }

        var joined = _traceback.Take();
        var text = joined.Text;
        while (text.Length > 0 && text.Span[^1] == (byte)'\n')
        {
            text = text[..^1];
        }

        output.Add(new LogEvent(source, Generation, joined.Start, joined.End, joined.Timestamp, joined.Stream, text, joined.Lines));
    }

    /// <summary>How many of the first <paramref name="max"/> bytes can be kept without cutting a UTF-8 character.</summary>
    private static int Utf8Prefix(ReadOnlySpan<byte> text, int max)
    {
        if (text.Length <= max)
        {
            return text.Length;
        }

        var cut = max;
        while (cut > 0 && (text[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return cut;
    }

    private sealed class Pending
    {
        private readonly ArrayBufferWriter<byte> _text = new();

        public long Start { get; private set; }

        public long End { get; private set; }

        public int Lines { get; private set; }

        private DateTimeOffset _timestamp;
        private string? _stream;

        public void Append(ReadOnlySpan<byte> text, long start, long end, DateTimeOffset timestamp, string? stream, bool separator, int maxBytes, int lines = 1)
        {
            if (Lines == 0)
            {
                Start = start;
                _timestamp = timestamp;
                _stream = stream;
            }
            else if (separator && _text.WrittenCount < maxBytes)
            {
                _text.Write("\n"u8);
            }

            // Past the cap the rest is dropped, but the offsets still cover it: it is not read again.
            var room = maxBytes - _text.WrittenCount;
            if (room > 0)
            {
                _text.Write(text[..Utf8Prefix(text, room)]);
            }

            End = end;
            Lines += lines;
        }

        /// <summary>The joined text, copied out: the buffer is reused for the next join.</summary>
        public (ReadOnlyMemory<byte> Text, long Start, long End, DateTimeOffset Timestamp, string? Stream, int Lines) Take()
        {
            var taken = ((ReadOnlyMemory<byte>)_text.WrittenSpan.ToArray(), Start, End, _timestamp, _stream, Lines);
            _text.ResetWrittenCount();
            Lines = 0;
            return taken;
        }
    }
}
