namespace Lakehouse.FileServer.Nfs;

/// <summary>
/// The NFS export of the homes root, as an nfs-ganesha EXPORT block: NFSv4 over TCP, the VFS backend, numeric owners,
/// and root squashed so that a client's root cannot read or take over users' files (users' own uids pass through,
/// as with any AUTH_SYS export).
/// </summary>
internal static class NfsExport
{
    /// <summary>The path clients mount: <c>nfs://host:port/homes/{name}</c>.</summary>
    public const string PseudoPath = "/homes";

    public static string Render(string homesRoot) =>
        $$"""
        # Written by the fileserver at its start: the homes root, exported for parity with the cluster's NFS server.
        EXPORT {
            Export_Id = 1;
            Path = "{{homesRoot}}";
            Pseudo = "{{PseudoPath}}";
            Protocols = 4;
            Transports = TCP;
            Access_Type = RW;
            Squash = Root_Squash;
            SecType = sys;
            FSAL { Name = VFS; }
        }

        """;
}
