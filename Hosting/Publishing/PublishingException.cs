namespace Lakehouse.Hosting.Publishing;

/// <summary>The model cannot be published as declared; the message says what to change.</summary>
public sealed class PublishingException(string message) : Exception(message);
