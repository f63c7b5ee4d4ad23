using System.Globalization;
using System.Text;

namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>
/// Appends numbered lines (<c>line 00000042 {tag}</c>, padded to a size) to a log file, in the CRI format as the
/// AppHost writes or raw as the spawner does, at once or steadily in the background.
/// </summary>
internal sealed class LineWriter(string path, string tag, bool cri, int lineBytes = 120) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _steady;
    private Task _writing = Task.CompletedTask;
    private int _written;

    public string Path => path;

    public int Written => Volatile.Read(ref _written);

    public void Write(int lines)
    {
        lock (_lock)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            for (var i = 0; i < lines; i++)
            {
                writer.Write(Line(_written++));
                writer.Write('\n');
            }
        }
    }

    /// <summary>Writes about <paramref name="linesPerSecond"/> lines a second until <see cref="StopAsync"/>.</summary>
    public void StartSteady(int linesPerSecond)
    {
        _steady = new CancellationTokenSource();
        var token = _steady.Token;
        _writing = Task.Run(async () =>
        {
            const int TicksPerSecond = 20;
            while (!token.IsCancellationRequested)
            {
                Write(Math.Max(1, linesPerSecond / TicksPerSecond));
                await Task.Delay(1000 / TicksPerSecond, CancellationToken.None);
            }
        }, CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_steady is not null)
        {
            await _steady.CancelAsync();
            await _writing;
            _steady.Dispose();
            _steady = null;
        }
    }

    /// <summary>The line number in a shipped message written by this writer, or null.</summary>
    public int? NumberIn(string message)
    {
        // "line 00000042 {tag} xxx…": checked by position, as the tests look at every event often.
        const int NumberStart = 5, NumberLength = 8;
        var tagStart = NumberStart + NumberLength + 1;
        return message.Length > tagStart + tag.Length
               && message.StartsWith("line ", StringComparison.Ordinal)
               && message.AsSpan(tagStart, tag.Length).SequenceEqual(tag)
               && message[tagStart + tag.Length] == ' '
               && int.TryParse(message.AsSpan(NumberStart, NumberLength), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private string Line(int number)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"line {number:D8} {tag} ");
        text = text.PadRight(lineBytes, 'x');
        return cri ? $"{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)} stdout F {text}" : text;
    }
}
