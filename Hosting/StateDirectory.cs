using Microsoft.Extensions.Configuration;

namespace Lakehouse.Hosting;

/// <summary>Where the AppHost keeps generated secrets, resource data and logs: never inside the repository.</summary>
public static class StateDirectory
{
    public const string ConfigurationKey = "Lakehouse:StateDirectory";
    public const string EnvironmentVariable = "LAKEHOUSE_STATE_DIR";

    /// <summary>The default when the AppHost runs as root.</summary>
    public const string RootDefault = "/var/lib/lakehouse";

    /// <summary><c>Lakehouse:StateDirectory</c>, then <c>LAKEHOUSE_STATE_DIR</c>; by default <c>/var/lib/lakehouse</c> for root,
    /// else <c>$XDG_STATE_HOME/lakehouse</c>, else <c>~/.local/state/lakehouse</c>.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey] ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        // Root's home is private (mode 0700), and users' servers must reach their homes in the state folder:
        // as a system service does, root keeps its state under /var/lib.
        if (Environment.IsPrivilegedProcess)
        {
            return RootDefault;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(root, "lakehouse");
    }
}
