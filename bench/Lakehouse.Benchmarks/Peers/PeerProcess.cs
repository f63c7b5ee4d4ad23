using System.Diagnostics;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>A program the benchmark starts in a private temporary folder and stops (with its children) at the end.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private readonly bool _keepsDirectory;

    private PeerProcess(Process process, string directory, bool keepsDirectory)
    {
        _process = process;
        Directory = directory;
        _keepsDirectory = keepsDirectory;
    }

    public string Directory { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the process in <paramref name="directory"/>, which is deleted with it unless <paramref name="keepDirectory"/>.</summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string>? environment = null, bool keepDirectory = false)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PeerProcess(process, directory, keepDirectory);
    }

    /// <summary>Polls until <paramref name="url"/> answers with a success code (every 50 ms unless <paramref name="interval"/> says otherwise).</summary>
    public async Task WaitUntilAnswersAsync(Uri url, CancellationToken cancellationToken, string? authorization = null, TimeSpan? interval = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        if (authorization is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        await Measurements.WaitUntilAsync(async token =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(url, token);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(1), $"{url} answering", cancellationToken, interval);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ProcessTree.Signal(_process.Id, ProcessTree.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        if (!_keepsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
