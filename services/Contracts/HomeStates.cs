namespace Lakehouse.Contracts;

/// <summary>How full a home is: <c>ok</c>, <c>warning</c> from 90% of the quota, <c>full</c> from 100%.</summary>
public static class HomeStates
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Full = "full";

    /// <summary>From this share of the quota the user is warned.</summary>
    public const double WarningFraction = 0.9;

    public static string Of(long usedBytes, long quotaBytes) =>
        usedBytes >= quotaBytes ? Full
        : usedBytes >= quotaBytes * WarningFraction ? Warning
        : Ok;
}
