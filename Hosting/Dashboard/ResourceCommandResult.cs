namespace Lakehouse.Hosting.Dashboard;

/// <summary>The answer to <c>POST /api/resources/{name}/commands/{command}</c>.</summary>
public sealed record ResourceCommandResult(string Resource, string Command);
