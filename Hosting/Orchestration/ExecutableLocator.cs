namespace Lakehouse.Hosting.Orchestration;

/// <summary>Finds a program the way a shell does: a path as given, otherwise the first executable match on PATH.</summary>
internal static class ExecutableLocator
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static string? Find(string command, string? searchPath, string workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return null;
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(command, workingDirectory);
            return IsExecutableFile(path) ? path : null;
        }

        foreach (var directory in (searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutableFile(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
}
