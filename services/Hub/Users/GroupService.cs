using Lakehouse.Hub.Data;
using Microsoft.EntityFrameworkCore;

namespace Lakehouse.Hub.Users;

/// <summary>Hub groups (JupyterHub's <c>/groups</c> API).</summary>
public sealed class GroupService(IDbContextFactory<HubDbContext> contexts)
{
    public async Task<List<Group>> ListAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithMembers(db.Groups.AsNoTracking()).OrderBy(g => g.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<Group?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await WithMembers(db.Groups.AsNoTracking()).FirstOrDefaultAsync(g => g.Name == name, cancellationToken);
    }

    /// <summary>Creates a group with the given members; null when the group exists.</summary>
    public async Task<GroupChange> CreateAsync(string name, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Groups.AnyAsync(g => g.Name == name, cancellationToken))
        {
            return GroupChange.Exists;
        }

        var members = await db.Users.Where(u => users.Contains(u.Name)).ToListAsync(cancellationToken);
        if (members.Count != users.Distinct().Count())
        {
            return GroupChange.UnknownUser(users.First(u => members.All(m => m.Name != u)));
        }

        var group = new Group { Name = name };
        group.Members.AddRange(members.Select(u => new GroupMember { Group = group, User = u }));
        db.Groups.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        return GroupChange.Done;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var group = await db.Groups.FirstOrDefaultAsync(g => g.Name == name, cancellationToken);
        if (group is null)
        {
            return false;
        }

        await db.GroupMembers.Where(m => m.GroupId == group.Id).ExecuteDeleteAsync(cancellationToken);
        db.Groups.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Adds or removes members; nothing changes when the group or one of the users is unknown.</summary>
    public async Task<GroupChange> ChangeMembersAsync(string name, IReadOnlyList<string> users, bool add, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var group = await db.Groups.Include(g => g.Members).FirstOrDefaultAsync(g => g.Name == name, cancellationToken);
        if (group is null)
        {
            return GroupChange.NoGroup;
        }

        var members = await db.Users.Where(u => users.Contains(u.Name)).ToListAsync(cancellationToken);
        if (members.Count != users.Distinct().Count())
        {
            return GroupChange.UnknownUser(users.First(u => members.All(m => m.Name != u)));
        }

        foreach (var user in members)
        {
            var membership = group.Members.FirstOrDefault(m => m.UserId == user.Id);
            if (add && membership is null)
            {
                group.Members.Add(new GroupMember { GroupId = group.Id, UserId = user.Id });
            }
            else if (!add && membership is not null)
            {
                db.GroupMembers.Remove(membership);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return GroupChange.Done;
    }

    private static IQueryable<Group> WithMembers(IQueryable<Group> groups) =>
        groups.Include(g => g.Members).ThenInclude(m => m.User);
}
