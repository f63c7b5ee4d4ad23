namespace Lakehouse.Hub.Users;

/// <summary>The outcome of a group change.</summary>
public sealed record GroupChange(bool Succeeded, bool GroupMissing = false, bool GroupExists = false, string? MissingUser = null)
{
    public static readonly GroupChange Done = new(true);
    public static readonly GroupChange NoGroup = new(false, GroupMissing: true);
    public static readonly GroupChange Exists = new(false, GroupExists: true);

    public static GroupChange UnknownUser(string name) => new(false, MissingUser: name);
}
