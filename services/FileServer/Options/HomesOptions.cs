namespace Lakehouse.FileServer.Options;

/// <summary>The fileserver's settings, from the <c>FileServer</c> section.</summary>
public sealed class HomesOptions
{
    public const string SectionName = "FileServer";

    /// <summary>
    /// The homes root: one folder per user. Locally <c>{state}/homes</c> when not set; in a cluster the mount path of
    /// the homes claim (for example <c>/homes</c>).
    /// </summary>
    public string? HomesDirectory { get; set; }

    /// <summary>The platform's state folder (<c>Lakehouse:StateDirectory</c> or <c>LAKEHOUSE_STATE_DIR</c>).</summary>
    public string? StateDirectory { get; set; }

    /// <summary>A folder whose contents every new home starts with (as <c>/etc/skel</c>); none when not set.</summary>
    public string? SkeletonDirectory { get; set; }

    /// <summary>Every user's quota unless an admin set another: a size such as <c>10GiB</c> (parameter <c>home-quota</c>).</summary>
    public string DefaultQuota { get; set; } = "10GiB";

    /// <summary>
    /// In a cluster: the ReadWriteMany claim that lab pods mount (with subPath = the user's name). When set, homes are
    /// reported with this claim and without a local path.
    /// </summary>
    public string? ClaimName { get; set; }

    /// <summary>How often every home is measured again, in the background.</summary>
    public TimeSpan UsageScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A spawn's ensure measures the home again when the last measure is older than this.</summary>
    public TimeSpan UsageMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Homes never belong to system accounts: uids and gids below these are refused.</summary>
    public int MinimumUid { get; set; } = 1000;

    public int MinimumGid { get; set; } = 1000;

    /// <summary>Where to write the NFS export of the homes root (a ganesha EXPORT block); nothing is written when not set.</summary>
    public string? NfsExportFile { get; set; }
}
