using Lakehouse.LogShipper.Parsing;

namespace Lakehouse.LogShipper.Sources;

/// <summary>
/// One open log file, read from a position onwards. The open handle follows the file through a rename, so a
/// rotated file is read to its end before it is let go. Only whole lines are consumed: a line still being written
/// (no newline yet) is read again on the next poll.
/// </summary>
public sealed class TailedFile : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly FileStream _stream;
    private readonly EventAssembler _assembler;
    private readonly int _maxLineBytes;
    private byte[] _chunk = new byte[ChunkSize];
    private long _position;

    private TailedFile(SourceFile source, FileStream stream, long generation, long position, int maxEventBytes)
    {
        Source = source;
        _stream = stream;
        _position = position;
        _maxLineBytes = maxEventBytes;
        _assembler = new EventAssembler(source, maxEventBytes) { Generation = generation };
    }

    public SourceFile Source { get; }

    public long Generation => _assembler.Generation;

    /// <summary>Set once another file has taken its path (or the path is gone): read to the end, then let go.</summary>
    public bool Rotated { get; set; }

    public DateTimeOffset LastLineAt { get; private set; }

    public bool HasPending => _assembler.HasPending;

    public long Length => _stream.Length;

    public long Position => _position;

    public static TailedFile? Open(string path, LogOwner owner, Func<FileIdentity, (long Generation, long Offset)> resumeAt, int maxEventBytes)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var identity = FileIdentity.Of(stream.SafeFileHandle);
        var (generation, offset) = resumeAt(identity);
        return new TailedFile(new SourceFile(identity, path, owner), stream, generation, offset, maxEventBytes);
    }

    /// <summary>
    /// True when the file is now shorter than what was read: it was truncated (or copytruncated). Reading restarts at
    /// 0 in a new generation, so the new lines get new ids; held-back lines are dropped with the old content.
    /// </summary>
    public bool CheckTruncated()
    {
        if (_stream.Length >= _position)
        {
            return false;
        }

        _assembler.Reset();
        _assembler.Generation++;
        _position = 0;
        return true;
    }

    /// <summary>
    /// Reads up to one chunk of whole lines and turns them into events. The events' text points into the read
    /// buffer: encode them before the next call.
    /// </summary>
    /// <returns>How many lines were read.</returns>
    public int ReadLines(List<LogEvent> output, DateTimeOffset now)
    {
        var length = _stream.Length;
        if (length <= _position)
        {
            return 0;
        }

        var wanted = (int)Math.Min(_chunk.Length, length - _position);
        var read = RandomAccess.Read(_stream.SafeFileHandle, _chunk.AsSpan(0, wanted), _position);
        var chunk = _chunk.AsMemory(0, read);
        var span = chunk.Span;
        var lines = 0;
        var consumed = 0;
        while (consumed < span.Length)
        {
            var newline = span[consumed..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var text = chunk.Slice(consumed, newline);
            var start = _position + consumed;
            consumed += newline + 1;
            _assembler.Add(text, start, _position + consumed, now, output);
            lines++;
        }

        if (lines == 0 && read == _chunk.Length)
        {
            if (_chunk.Length < _maxLineBytes * 4)
            {
                // A line longer than the chunk: read a bigger piece next time.
                Array.Resize(ref _chunk, _chunk.Length * 2);
                return 0;
            }

            // A line without end past every limit: ship what there is, cut, and go on after it.
            _assembler.Add(chunk[.._maxLineBytes], _position, _position + read, now, output);
            consumed = read;
            lines = 1;
        }

        _position += consumed;
        if (lines > 0)
        {
            LastLineAt = now;
        }

        return lines;
    }

    /// <summary>Emits held-back lines (an unfinished traceback or partial line) once nothing has followed them for a while.</summary>
    public void FlushIfIdle(List<LogEvent> output, DateTimeOffset now, TimeSpan timeout)
    {
        if (_assembler.HasPending && (Rotated || now - LastLineAt >= timeout))
        {
            _assembler.Flush(output);
        }
    }

    public void Dispose() => _stream.Dispose();
}
