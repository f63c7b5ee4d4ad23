namespace Lakehouse.Spawner.Backends;

/// <summary>A launch that cannot go on; the message is the reason shown to the user in the progress events.</summary>
public sealed class ServerLaunchException(string message, Exception? innerException = null) : Exception(message, innerException);
