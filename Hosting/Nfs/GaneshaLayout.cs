namespace Lakehouse.Hosting.Nfs;

/// <summary>Where a private ganesha keeps its files, all under the resource's data folder.</summary>
internal sealed record GaneshaLayout(string DataDirectory)
{
    public const string Program = "/usr/bin/ganesha.nfsd";

    public const string InstallHint = "apt-get install -y nfs-ganesha nfs-ganesha-vfs";

    /// <summary>The server's own settings, rewritten before each start; it includes the export file.</summary>
    public string ConfigFile => Path.Combine(DataDirectory, "ganesha.conf");

    public string PidFile => Path.Combine(DataDirectory, "ganesha.pid");

    /// <summary>NFSv4 client recovery records (the <c>fs</c> backend), instead of /var/lib/nfs.</summary>
    public string RecoveryRoot => Path.Combine(DataDirectory, "recovery");

    /// <summary>
    /// NFSv4 only, TCP only, on loopback: no rpcbind, NLM, RQUOTA or UDP. Graceless, since no client state must survive a
    /// restart here; numeric owners, so uids pass as they are without an idmapper.
    /// </summary>
    public string RenderConfig(int port, string exportFile) =>
        $$"""
        # Written by the AppHost before each start.
        NFS_CORE_PARAM {
            Protocols = 4;
            NFS_Port = {{port}};
            Bind_addr = 127.0.0.1;
            Enable_NLM = false;
            Enable_RQUOTA = false;
            Enable_UDP = false;
        }
        NFSV4 {
            Graceless = true;
            Only_Numeric_Owners = true;
            RecoveryBackend = fs;
            RecoveryRoot = "{{RecoveryRoot}}";
        }
        NFS_KRB5 { Active_krb5 = false; }
        %include "{{exportFile}}"

        """;
}
