namespace Lakehouse.Hosting.Orchestration;

/// <summary>Why a resource could not start, in one line a user can act on; becomes the FailedToStart reason.</summary>
internal sealed class ResourceStartException(string reason) : Exception(reason);
