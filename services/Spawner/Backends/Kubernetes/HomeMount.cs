namespace Lakehouse.Spawner.Backends.Kubernetes;

/// <summary>The claim a lab pod mounts at the user's home, and the folder in it (null: the whole claim).</summary>
internal sealed record HomeMount(string ClaimName, string? SubPath);
