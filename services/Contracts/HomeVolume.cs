using System.Text.Json.Serialization;

namespace Lakehouse.Contracts;

/// <summary>
/// A user's home as the fileserver reports it. <see cref="Path"/> is the local folder (null in a cluster, where a
/// server mounts <see cref="ClaimName"/> with <see cref="SubPath"/> instead). <see cref="State"/> says how full it is.
/// </summary>
public sealed record HomeVolume(
    string Name,
    int Uid,
    int Gid,
    string? Path,
    string? ClaimName,
    string SubPath,
    long QuotaBytes,
    long UsedBytes,
    string State)
{
    /// <summary>The part of the quota used, 0 to 1 (and above when over it); not part of the JSON.</summary>
    [JsonIgnore]
    public double UsedFraction => QuotaBytes <= 0 ? 1 : (double)UsedBytes / QuotaBytes;

    /// <summary>Whole percent of the quota used, rounded down (a home at 99.9% is not yet shown as 100%); not part of the JSON.</summary>
    [JsonIgnore]
    public int UsedPercent => (int)Math.Min(int.MaxValue, Math.Floor(UsedFraction * 100));
}
