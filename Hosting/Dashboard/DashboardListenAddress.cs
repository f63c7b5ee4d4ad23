using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The socket the dashboard binds, parsed from <see cref="DashboardOptions.Url"/>.</summary>
internal sealed record DashboardListenAddress(IPAddress? Address, int Port)
{
    /// <summary><c>localhost</c> binds both loopback addresses.</summary>
    public bool IsLocalhost => Address is null;

    public bool IsLoopback => Address is null || IPAddress.IsLoopback(Address);

    public static bool TryParse(string? url, [NotNullWhen(true)] out DashboardListenAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            error = $"'{url}' is not an absolute URL such as {DashboardOptions.DefaultUrl}";
            return false;
        }

        error = uri switch
        {
            { Scheme: not "http" } => "only http:// is supported (the dashboard has no certificate)",
            { UserInfo.Length: > 0 } or { Query.Length: > 0 } or { Fragment.Length: > 0 } => "the URL takes no user, query or fragment",
            { AbsolutePath: not "/" } => "the dashboard is served at the root; the URL takes no path",
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }

        if (uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns)
        {
            if (uri.Port == 0)
            {
                error = "port 0 needs an IP address, for example http://127.0.0.1:0";
                return false;
            }

            address = new DashboardListenAddress(null, uri.Port);
            return true;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            error = $"'{uri.Host}' is not an IP address; use 127.0.0.1, [::1], localhost or an interface address";
            return false;
        }

        address = new DashboardListenAddress(ip, uri.Port);
        return true;
    }
}
