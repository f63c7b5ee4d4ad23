namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>A delete's preconditions (DeleteOptions.preconditions): the uid and resourceVersion the object must still have.</summary>
public sealed record DeletePreconditions(string? Uid, string? ResourceVersion);
