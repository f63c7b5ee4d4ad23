using System.Globalization;
using System.Text;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Appends a resource's console output to <c>{state}/logs/{resource}.log</c> in the CRI log format that node log
/// shippers read: <c>2025-01-01T00:00:00.0000000+00:00 stdout F text</c>.
/// </summary>
internal sealed class ResourceLogFile : IDisposable
{
    private readonly StreamWriter _writer;

    public ResourceLogFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            // Output can hold secrets a service prints by mistake: owner only.
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>Called under the log buffer's lock, so lines from stdout and stderr never interleave mid-line.</summary>
    public void Write(ResourceLogLine line)
    {
        try
        {
            _writer.Write(line.Timestamp.ToString("O", CultureInfo.InvariantCulture));
            _writer.Write(' ');
            _writer.Write(line.Stream);
            _writer.Write(" F ");
            _writer.WriteLine(line.Text);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A full disk, or output arriving during shutdown, must not stop the resource; the buffer still has the line.
        }
    }

    public void Dispose() => _writer.Dispose();
}
