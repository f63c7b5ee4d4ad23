using System.Text;

namespace Lakehouse.Hosting.OpenLdap;

/// <summary>Where a private slapd keeps its files, all under the resource's data folder.</summary>
internal sealed record OpenLdapLayout(string DataDirectory)
{
    /// <summary>A Unix socket path must fit <c>sun_path</c> (108 bytes with the terminating NUL).</summary>
    private const int MaxSocketPathBytes = 107;

    /// <summary>cn=config, regenerated before each start.</summary>
    public string ConfigDirectory => Path.Combine(DataDirectory, "slapd.d");

    /// <summary>The mdb database: the directory's data, kept across starts.</summary>
    public string DatabaseDirectory => Path.Combine(DataDirectory, "data");

    public string PidFile => Path.Combine(DataDirectory, "slapd.pid");

    public string ArgsFile => Path.Combine(DataDirectory, "slapd.args");

    public string SocketPath => Path.Combine(DataDirectory, "ldapi");

    /// <summary>
    /// <c>ldapi://</c> with the socket path percent-encoded, or null when the path is too long for a Unix socket
    /// (a deep state folder); the directory then listens on TCP only.
    /// </summary>
    public string? LdapiUri => Encoding.UTF8.GetByteCount(SocketPath) <= MaxSocketPathBytes
        ? "ldapi://" + Uri.EscapeDataString(SocketPath)
        : null;
}
