namespace Lakehouse.Hub.Servers;

/// <summary>A start's outcome and the message a user sees.</summary>
public sealed record StartResult(StartOutcome Outcome, string Message);
