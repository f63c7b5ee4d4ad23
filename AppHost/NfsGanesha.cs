namespace Lakehouse.AppHost;

/// <summary>nfs-ganesha as the cluster's NFS server: NFSv4 only over TCP (no rpcbind, no NLM), one export.</summary>
internal static class NfsGanesha
{
    /// <summary>Where the physical storage is mounted, exported under the same pseudo path.</summary>
    public const string ExportPath = "/export";

    public const string ConfigPath = "/etc/ganesha/ganesha.conf";

    /// <summary>No root squash: the fileserver creates homes as root and gives them to their users.</summary>
    public const string Configuration = """
        NFS_CORE_PARAM {
            Protocols = 4;
            NFS_Port = 2049;
            Enable_NLM = false;
            Enable_RQUOTA = false;
            Enable_UDP = false;
        }
        NFSV4 {
            Graceless = true;
            Only_Numeric_Owners = true;
            RecoveryBackend = fs;
            RecoveryRoot = /var/lib/nfs/ganesha;
        }
        NFS_KRB5 {
            Active_krb5 = false;
        }
        EXPORT {
            Export_Id = 1;
            Path = /export;
            Pseudo = /export;
            Protocols = 4;
            Transports = TCP;
            Access_Type = RW;
            Squash = No_Root_Squash;
            SecType = sys;
            FSAL {
                Name = VFS;
            }
        }

        """;
}
