using Lakehouse.Hub.Data;
using Microsoft.EntityFrameworkCore;

namespace Lakehouse.Hub.Users;

/// <summary>
/// Fills <see cref="User.Memberships"/> of users read without tracking, with one flat query for all of them. EF Core's
/// collection include builds a delegate per row in its shaper, which made the users API spend most of its time there.
/// </summary>
internal static class UserGroups
{
    /// <summary>Loads the groups of <paramref name="users"/>, which must not be tracked (their memberships are replaced).</summary>
    public static async Task LoadAsync(HubDbContext db, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }

        var ids = users.Select(u => u.Id).ToList();
        var memberships = await db.GroupMembers.Where(m => ids.Contains(m.UserId))
            .Select(m => new Membership(m.UserId, m.GroupId, m.Group.Name))
            .ToListAsync(cancellationToken);
        var byUser = memberships.ToLookup(m => m.UserId);
        foreach (var user in users)
        {
            user.Memberships = byUser[user.Id]
                .Select(m => new GroupMember { UserId = user.Id, User = user, GroupId = m.GroupId, Group = new Group { Id = m.GroupId, Name = m.GroupName } })
                .ToList();
        }
    }

    private sealed record Membership(int UserId, int GroupId, string GroupName);
}
