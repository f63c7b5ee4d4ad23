namespace Lakehouse.ServiceDefaults.Tests.Telemetry;

/// <summary>
/// Tracer and meter providers listen to ActivitySources and Meters by name, process-wide: while one runs, it would
/// also record other tests' apps and clients. These tests therefore run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
