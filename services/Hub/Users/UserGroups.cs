using Lakehouse.Hub.Data;
using Microsoft.EntityFrameworkCore;

namespace Lakehouse.Hub.Users;

/// <summary>
/// Reads users with their hub groups (<see cref="User.Memberships"/>) in one flat query: the users left-joined to
/// their groups' names. EF Core's collection include builds a delegate per row in its shaper, and a second query by
/// the users' ids sends one parameter per user, which SQLite binds by name (quadratic in the page size).
/// </summary>
internal static class UserGroups
{
    /// <summary>The users of <paramref name="users"/>, ordered by id, untracked, each with their groups.</summary>
    public static async Task<List<User>> ReadAsync(HubDbContext db, IQueryable<User> users, CancellationToken cancellationToken)
    {
        var rows = await (
                from user in users.AsNoTracking()
                from member in db.GroupMembers.Where(m => m.UserId == user.Id).DefaultIfEmpty()
                orderby user.Id
                select new UserGroupRow(user, member == null ? null : member.GroupId, member == null ? null : member.Group.Name))
            .ToListAsync(cancellationToken);

        var read = new List<User>(rows.Count);
        foreach (var row in rows)
        {
            // Rows of one user are adjacent (ordered by id); a user without groups has one row with no group.
            var user = read.Count > 0 && read[^1].Id == row.User.Id ? read[^1] : Add(read, row.User);
            if (row.GroupId is { } groupId)
            {
                user.Memberships.Add(new GroupMember { UserId = user.Id, User = user, GroupId = groupId, Group = new Group { Id = groupId, Name = row.GroupName! } });
            }
        }

        return read;
    }

    private static User Add(List<User> read, User user)
    {
        user.Memberships = [];
        read.Add(user);
        return user;
    }

    private sealed record UserGroupRow(User User, int? GroupId, string? GroupName);
}
