using System.Data.Common;

namespace Lakehouse.Hub.Data;

/// <summary>The columns of <see cref="User"/>, in the order <see cref="Read"/> expects them.</summary>
internal static class UserColumns
{
    private static readonly string[] Names = ["id", "name", "admin", "created", "last_activity", "uid", "gid", "posix_groups", "last_login"];

    /// <summary>The columns without a table name, as SQLite's <c>RETURNING</c> wants them.</summary>
    public static readonly string Unqualified = string.Join(", ", Names);

    /// <summary>The user table's columns under <paramref name="alias"/>.</summary>
    public static string Of(string alias) => string.Join(", ", Names.Select(name => $"{alias}.{name}"));

    /// <summary>Reads a user from the columns of <see cref="Of"/> starting at <paramref name="first"/>.</summary>
    public static User Read(DbDataReader reader, int first = 0) => new()
    {
        Id = reader.GetInt32(first),
        Name = reader.GetString(first + 1),
        Admin = reader.GetBoolean(first + 2),
        CreatedAt = reader.GetUtcDateTime(first + 3),
        LastActivity = reader.GetUtcDateTimeOrNull(first + 4),
        Uid = reader.GetInt32OrNull(first + 5),
        Gid = reader.GetInt32OrNull(first + 6),
        PosixGroups = reader.GetStringOrNull(first + 7),
        LastLogin = reader.GetUtcDateTimeOrNull(first + 8),
    };
}
