namespace Lakehouse.AppHost;

/// <summary>Names the cluster's objects share between the AppHost's resources.</summary>
internal static class ClusterNames
{
    /// <summary>The Istio Gateway for <c>*.{domain}</c>, in the platform's namespace.</summary>
    public const string Gateway = "lakehouse-gateway";

    /// <summary>The ReadWriteMany claim of the homes, in the platform's and the lab namespace.</summary>
    public const string HomeClaim = "homes";

    /// <summary>Where the fileserver finds every home in its pod.</summary>
    public const string HomesMountPath = "/homes";
}
