using Microsoft.Extensions.Configuration;

namespace Lakehouse.Hosting;

/// <summary>Where the AppHost keeps generated secrets, resource data and logs: never inside the repository.</summary>
public static class StateDirectory
{
    public const string ConfigurationKey = "Lakehouse:StateDirectory";
    public const string EnvironmentVariable = "LAKEHOUSE_STATE_DIR";

    /// <summary><c>Lakehouse:StateDirectory</c>, then <c>LAKEHOUSE_STATE_DIR</c>, then <c>$XDG_STATE_HOME/lakehouse</c>, then <c>~/.local/state/lakehouse</c>.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey] ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(root, "lakehouse");
    }
}
