using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Data;
using Microsoft.EntityFrameworkCore;

namespace Lakehouse.Hub.Users;

/// <summary>Users and their hub groups in the database.</summary>
public sealed class UserService(IDbContextFactory<HubDbContext> contexts, TimeProvider time)
{
    /// <summary>The user with their hub groups, untracked; null when there is none.</summary>
    public async Task<User?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await UserGroups.ReadAsync(db, db.Users.Where(u => u.Name == name), cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// A page of users ordered by id; <paramref name="names"/> keeps (or, with <paramref name="exclude"/>, drops) only
    /// those. The total is counted only when asked for (<paramref name="countTotal"/>), since it costs a second query.
    /// </summary>
    public async Task<(List<User> Users, int? Total)> ListAsync(
        int offset, int limit, string? nameFilter, IReadOnlyCollection<string>? names, bool exclude, CancellationToken cancellationToken,
        bool countTotal = true)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(nameFilter))
        {
            // JupyterHub's name_filter is a prefix match.
            query = query.Where(u => u.Name.StartsWith(nameFilter));
        }

        if (names is not null)
        {
            query = exclude ? query.Where(u => !names.Contains(u.Name)) : query.Where(u => names.Contains(u.Name));
        }

        int? total = countTotal ? await query.CountAsync(cancellationToken) : null;
        var users = await UserGroups.ReadAsync(db, query.OrderBy(u => u.Id).Skip(offset).Take(limit), cancellationToken);
        return (users, total);
    }

    /// <summary>Creates the users that do not exist yet (JupyterHub skips existing ones); returns those created.</summary>
    public async Task<List<User>> CreateAsync(IReadOnlyList<string> names, bool admin, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Users.Where(u => names.Contains(u.Name)).Select(u => u.Name).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var users = names.Distinct().Except(existing).Select(n => new User { Name = n, Admin = admin, CreatedAt = now }).ToList();
        if (users.Count == 0)
        {
            return users;
        }

        db.Users.AddRange(users);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // One was created meanwhile by another request: the unique index decided, and nothing of this batch was kept.
            return [];
        }

        return users;
    }

    /// <summary>After a successful login: creates the user if needed and keeps the identity the login gave (when it gave one).</summary>
    public async Task<User> RecordLoginAsync(AuthenticatedUser login, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.FirstOrDefaultAsync(u => u.Name == login.Name, cancellationToken);
            if (user is null)
            {
                user = new User { Name = login.Name, CreatedAt = now };
                db.Users.Add(user);
            }

            KeepIdentity(user, login);
            user.LastLogin = now;
            user.LastActivity = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return user;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two first logins at once: the other one created the row; update it.
            }
        }
    }

    /// <summary>
    /// Keeps the identity the user directory gave for a user who never logged in; null when the user was deleted
    /// meanwhile. It is what a login would have stored, so their next login changes nothing unless the directory did.
    /// </summary>
    public async Task<User?> RecordDirectoryIdentityAsync(AuthenticatedUser identity, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Name == identity.Name, cancellationToken);
        if (user is null)
        {
            return null;
        }

        KeepIdentity(user, identity);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>The identity the spawner runs the server under, or null when it is not known yet.</summary>
    public static UserIdentity? IdentityOf(User user)
    {
        if (user.Uid is not { } uid || user.Gid is not { } gid)
        {
            return null;
        }

        var groups = user.PosixGroups is { } json
            ? JsonSerializer.Deserialize<List<GroupMembership>>(json, ContractJson.Options) ?? []
            : [];
        return new UserIdentity(user.Name, uid, gid, groups, user.Admin);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (user is null)
        {
            return false;
        }

        // Explicit, so that a database without enforced foreign keys keeps no orphans either.
        await db.Sessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await db.ApiTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await db.GroupMembers.Where(m => m.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await db.AuthStates.Where(a => a.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        db.Users.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Sets admin and/or renames; false when the new name is taken.</summary>
    public async Task<bool> UpdateAsync(string name, bool? admin, string? newName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstAsync(u => u.Name == name, cancellationToken);
        if (newName is not null && newName != name)
        {
            if (await db.Users.AnyAsync(u => u.Name == newName, cancellationToken))
            {
                return false;
            }

            user.Name = newName;
        }

        if (admin is { } a)
        {
            user.Admin = a;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Stores the newest activity per user (never moving it back); returns how many users were known.</summary>
    public async Task<int> RecordActivityAsync(IReadOnlyDictionary<string, DateTime> activity, CancellationToken cancellationToken)
    {
        var names = activity.Keys.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.Where(u => names.Contains(u.Name)).ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            var seen = activity[user.Name];
            if (user.LastActivity is null || seen > user.LastActivity)
            {
                user.LastActivity = seen;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return users.Count;
    }

    public async Task<Dictionary<string, DateTime?>> LastActivityAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => names.Contains(u.Name))
            .ToDictionaryAsync(u => u.Name, u => u.LastActivity, cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.CountAsync(cancellationToken);
    }

    private static void KeepIdentity(User user, AuthenticatedUser identity)
    {
        // Membership of an admin group grants admin; an admin granted in the hub stays one, unless the identity
        // source manages admin by its groups (OIDC's AdminGroups): then leaving them revokes it.
        user.Admin = identity.AdminFromGroups ? identity.Admin : user.Admin | identity.Admin;
        // A provider without uid/gid claims leaves the identity the hub knew (or the directory gives at spawn).
        if (identity.Uid is { } uid && identity.Gid is { } gid)
        {
            user.Uid = uid;
            user.Gid = gid;
            user.PosixGroups = JsonSerializer.Serialize(identity.Groups.Select(g => new GroupMembership(g.Name, g.Gid)).ToList(), ContractJson.Options);
        }
    }
}
