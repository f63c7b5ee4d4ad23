using System.Data.Common;
using Lakehouse.Hub.Data;

namespace Lakehouse.Hub.Users;

/// <summary>
/// Reads users with their hub groups (<see cref="User.Memberships"/>) in one flat query: the users left-joined to
/// their groups' names, one row per membership (or one row without a group).
/// </summary>
internal static class UserGroups
{
    /// <summary>
    /// The query of the users <paramref name="users"/> selects (<see cref="UserColumns.Of"/> of alias <c>u</c>,
    /// possibly paged) with their groups, ordered by id.
    /// </summary>
    public static string Sql(string users) => $"""
        SELECT {UserColumns.Of("u")}, m.group_id, g.name
        FROM ({users}) AS u
        LEFT JOIN group_members AS m ON u.id = m.user_id
        LEFT JOIN groups AS g ON m.group_id = g.id
        ORDER BY u.id
        """;

    /// <summary>Runs a command of <see cref="Sql"/>: each user once, ordered by id, with their groups.</summary>
    public static async Task<List<User>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var read = new List<User>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Rows of one user are adjacent (ordered by id); a user without groups has one row with no group.
            var id = reader.GetInt32(0);
            var user = read.Count > 0 && read[^1].Id == id ? read[^1] : Add(read, UserColumns.Read(reader));
            if (reader.GetInt32OrNull(9) is { } groupId)
            {
                user.Memberships.Add(new GroupMember { UserId = user.Id, User = user, GroupId = groupId, Group = new Group { Id = groupId, Name = reader.GetString(10) } });
            }
        }

        return read;
    }

    private static User Add(List<User> read, User user)
    {
        read.Add(user);
        return user;
    }
}
