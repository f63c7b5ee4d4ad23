namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>The ActivitySources and Meters .NET itself emits, so no instrumentation packages are needed.</summary>
public static class TelemetrySources
{
    public static IReadOnlyList<string> ActivitySources { get; } = ["Microsoft.AspNetCore", "System.Net.Http"];

    public static IReadOnlyList<string> Meters { get; } =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime"];
}
