namespace Lakehouse.Hosting.Dashboard;

/// <summary>The line the AppHost prints at start so a person (or a test) can open the dashboard.</summary>
/// <remarks>It goes to the console only, never through ILogger: log sinks are kept and shipped, the token must not be.</remarks>
public static class DashboardBanner
{
    public const string LoginLinePrefix = "Lakehouse dashboard: ";

    public static string LoginLine(Uri loginUrl) => LoginLinePrefix + loginUrl.AbsoluteUri;

    /// <summary>Finds the login link in a line of AppHost console output.</summary>
    public static bool TryParseLoginLine(string? line, out Uri? loginUrl)
    {
        loginUrl = null;
        var start = line?.IndexOf(LoginLinePrefix, StringComparison.Ordinal) ?? -1;
        return start >= 0
            && Uri.TryCreate(line![(start + LoginLinePrefix.Length)..].Trim(), UriKind.Absolute, out loginUrl);
    }
}
