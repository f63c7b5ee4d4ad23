namespace Lakehouse.LogShipper.Registry;

/// <summary>
/// How far a file is shipped: every byte before <see cref="Offset"/> of generation <see cref="Generation"/> is
/// confirmed by the broker. The generation counts truncations, so offsets from before one never count after it.
/// </summary>
public sealed record RegistryEntry(string Path, ulong Device, ulong Inode, long Generation, long Offset);
