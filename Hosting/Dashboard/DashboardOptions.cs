namespace Lakehouse.Hosting.Dashboard;

/// <summary>Configuration section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public const string DefaultUrl = "http://127.0.0.1:18888";

    /// <summary>Where the dashboard listens: an <c>http://</c> URL with an IP address (or <c>localhost</c>) and a port.
    /// Port 0 picks a free port. Loopback by default: anything else exposes the dashboard to the network.</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>The token the login link carries. Generated at every start when not configured.</summary>
    public string? BrowserToken { get; set; }
}
