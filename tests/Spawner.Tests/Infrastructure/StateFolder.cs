namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>
/// A private state folder for one test. Servers run as other uids, so it is searchable by others (a temporary
/// folder is 0700 by default). On dispose every process started for it (servers, kernels, scripts: all carry a HOME
/// inside it) is killed, whatever the test did, and the folder is removed.
/// </summary>
internal sealed class StateFolder : IDisposable
{
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public StateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("lakehouse-spawner-tests-");
        folder.UnixFileMode = Traversable;
        Path = folder.FullName;
    }

    public string Path { get; }

    public string Home(string name) => System.IO.Path.Combine(Path, "homes", name);

    public string Record(string name) => System.IO.Path.Combine(Path, "spawner", name + ".json");

    public string ServerLog(string name) => System.IO.Path.Combine(Path, "logs", "servers", name + ".log");

    /// <summary>A script the servers' users may run, in a folder of its own.</summary>
    public string WriteScript(string name, string content)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(Path, "bin"));
        folder.UnixFileMode = Traversable;
        var script = System.IO.Path.Combine(folder.FullName, name);
        File.WriteAllText(script, content);
        File.SetUnixFileMode(script, Traversable);
        return script;
    }

    public IReadOnlyList<int> ProcessesStartedHere()
    {
        var homes = System.IO.Path.Combine(Path, "homes") + "/";
        return LinuxProcesses.All().Where(pid =>
        {
            try
            {
                return !LinuxProcesses.IsGone(pid)
                    && LinuxProcesses.Environment(pid).TryGetValue("HOME", out var home) && home.StartsWith(homes, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }).ToList();
    }

    public void Dispose()
    {
        var started = ProcessesStartedHere();
        foreach (var pid in started)
        {
            LinuxProcesses.Kill(pid);
        }

        // A killed server may still write its last files for a moment; wait for it, then remove everything.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!started.All(LinuxProcesses.IsGone) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        for (var attempt = 0; Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }
}
