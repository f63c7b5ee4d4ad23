using Lakehouse.LogShipper.Sources;

using System.Text;

namespace Lakehouse.LogShipper.Parsing;

/// <summary>
/// Turns one file's lines into events, in file order: joins partial CRI lines (<c>P</c> … <c>F</c>) and multi-line
/// Python tracebacks (chained ones too). An unfinished join is held until its continuation arrives or
/// <see cref="FlushIfIdle"/> decides none will.
/// </summary>
public sealed class EventAssembler(SourceFile source, int maxEventBytes)
{
    private const string TracebackStart = "Traceback (most recent call last):";

    private static readonly string[] ChainSentences =
    [
        "During handling of the above exception, another exception occurred:",
        "The above exception was the direct cause of the following exception:",
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

    /// <summary>Where the oldest held-back line starts, or null.</summary>
    public long? PendingStart => _partial.Lines > 0 && _traceback.Lines > 0 ? Math.Min(_partial.Start, _traceback.Start)
        : _partial.Lines > 0 ? _partial.Start : _traceback.Lines > 0 ? _traceback.Start : null;

    /// <summary>Adds one line (without its newline) that spans [start, end) of the file.</summary>
    public void Add(string line, long start, long end, DateTimeOffset readAt, List<LogEvent> output)
    {
        if (CriLine.TryParse(line, out var cri))
        {
            if (cri.Partial || _partial.Lines > 0)
            {
                _partial.Append(cri.Text, start, end, cri.Timestamp, cri.Stream, separator: false, maxEventBytes);
                if (cri.Partial)
                {
                    return;
                }

                var joined = _partial.Take();
                AddLogical(joined.Text, joined.Start, end, joined.Timestamp, joined.Stream, joined.Lines, output);
                return;
            }

            AddLogical(cri.Text, start, end, cri.Timestamp, cri.Stream, 1, output);
            return;
        }

        AddLogical(line.TrimEnd('\r'), start, end, readAt, null, 1, output);
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

    private void AddLogical(string text, long start, long end, DateTimeOffset timestamp, string? stream, int lines, List<LogEvent> output)
    {
        if (_tracebackState != TracebackState.None)
        {
            if (ContinuesTraceback(text))
            {
                _traceback.Append(text, start, end, timestamp, stream, separator: true, maxEventBytes, lines);
                return;
            }

            EmitTraceback(output);
        }

        if (text.StartsWith(TracebackStart, StringComparison.Ordinal))
        {
            _tracebackState = TracebackState.InFrames;
            _traceback.Append(text, start, end, timestamp, stream, separator: true, maxEventBytes, lines);
            return;
        }

        output.Add(new LogEvent(source, Generation, start, end, timestamp, stream, Truncate(text), lines));
    }

    /// <summary>Frames are indented; the first unindented line is the exception, after which only a chain continues.</summary>
    private bool ContinuesTraceback(string text)
    {
        var indented = text.Length == 0 || text[0] is ' ' or '\t';
        if (_tracebackState == TracebackState.InFrames)
        {
            if (!indented)
            {
                _tracebackState = TracebackState.AfterException;
            }

            return true;
        }

        if (text.StartsWith(TracebackStart, StringComparison.Ordinal))
        {
            _tracebackState = TracebackState.InFrames;
            return true;
        }

        return text.Length == 0 || ChainSentences.Contains(text, StringComparer.Ordinal);
    }

    private void EmitTraceback(List<LogEvent> output)
    {
        _tracebackState = TracebackState.None;
        if (_traceback.Lines == 0)
        {
            return;
        }

        var joined = _traceback.Take();
        output.Add(new LogEvent(source, Generation, joined.Start, joined.End, joined.Timestamp, joined.Stream, joined.Text.TrimEnd('\n'), joined.Lines));
    }

    private string Truncate(string text) => text.Length > maxEventBytes ? text[..maxEventBytes] : text;

    private sealed class Pending
    {
        private readonly StringBuilder _text = new();

        public long Start { get; private set; }

        public long End { get; private set; }

        public int Lines { get; private set; }

        private DateTimeOffset _timestamp;
        private string? _stream;

        public void Append(string text, long start, long end, DateTimeOffset timestamp, string? stream, bool separator, int maxBytes, int lines = 1)
        {
            if (Lines == 0)
            {
                Start = start;
                _timestamp = timestamp;
                _stream = stream;
            }
            else if (separator)
            {
                _text.Append('\n');
            }

            // Past the cap the rest is dropped, but the offsets still cover it: it is not read again.
            var room = maxBytes - _text.Length;
            if (room > 0)
            {
                _text.Append(text.AsSpan(0, Math.Min(room, text.Length)));
            }

            End = end;
            Lines += lines;
        }

        public (string Text, long Start, long End, DateTimeOffset Timestamp, string? Stream, int Lines) Take()
        {
            var taken = (_text.ToString(), Start, End, _timestamp, _stream, Lines);
            _text.Clear();
            Lines = 0;
            return taken;
        }
    }
}
