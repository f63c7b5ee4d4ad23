using System.Data.Common;
using Lakehouse.Hub.Data;

namespace Lakehouse.Hub.Users;

/// <summary>Hub groups (JupyterHub's <c>/groups</c> API).</summary>
public sealed class GroupService(HubDatabase database)
{
    private readonly SqlDialect _dialect = database.Dialect;

    public async Task<List<Group>> ListAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = WithMembers(connection, "SELECT id, name FROM groups ORDER BY id LIMIT @limit OFFSET @offset");
        select.AddParameter("@limit", limit).AddParameter("@offset", offset);
        return await ReadAsync(select, cancellationToken);
    }

    public async Task<Group?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = WithMembers(connection, "SELECT id, name FROM groups WHERE name = @name");
        select.AddParameter("@name", name);
        return (await ReadAsync(select, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Creates a group with the given members; nothing changes when the group exists or a user is unknown.</summary>
    public async Task<GroupChange> CreateAsync(string name, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand("INSERT INTO groups (name) VALUES (@name) RETURNING id", transaction);
        insert.AddParameter("@name", name);
        int groupId;
        try
        {
            groupId = await insert.ExecuteInt32Async(cancellationToken);
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            return GroupChange.Exists;
        }

        await AddMembersAsync(connection, transaction, groupId, users, cancellationToken);
        return await CommitUnlessUserMissingAsync(connection, transaction, users, cancellationToken);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => database.DeleteNamedAsync(
        "groups", "DELETE FROM group_members WHERE group_id IN (SELECT id FROM groups WHERE name = @name)", name, cancellationToken);

    /// <summary>Adds or removes members; nothing changes when the group or one of the users is unknown.</summary>
    public async Task<GroupChange> ChangeMembersAsync(string name, IReadOnlyList<string> users, bool add, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await GroupIdAsync(connection, transaction, name, cancellationToken) is not { } groupId)
        {
            return GroupChange.NoGroup;
        }

        if (add)
        {
            await AddMembersAsync(connection, transaction, groupId, users, cancellationToken);
        }
        else
        {
            await using var delete = connection.CreateCommand(
                $"DELETE FROM group_members WHERE group_id = @group_id AND user_id IN (SELECT id FROM users WHERE {_dialect.NameIn("name", "@names")})",
                transaction);
            delete.AddParameter("@group_id", groupId);
            _dialect.AddNames(delete, "@names", users);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return await CommitUnlessUserMissingAsync(connection, transaction, users, cancellationToken);
    }

    /// <summary>
    /// The users are checked after the change, in its transaction, so that one deleted while the change was made is
    /// reported rather than silently skipped; then nothing of the change is kept.
    /// </summary>
    private async Task<GroupChange> CommitUnlessUserMissingAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        if (await MissingUserAsync(connection, transaction, users, cancellationToken) is { } missing)
        {
            await transaction.RollbackAsync(cancellationToken);
            return GroupChange.UnknownUser(missing);
        }

        await transaction.CommitAsync(cancellationToken);
        return GroupChange.Done;
    }

    /// <summary>Makes the users members; those who are already stay as they are.</summary>
    private async Task AddMembersAsync(DbConnection connection, DbTransaction transaction, int groupId, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }

        await using var insert = connection.CreateCommand($"""
            INSERT INTO group_members (group_id, user_id)
            SELECT @group_id, id FROM users WHERE {_dialect.NameIn("name", "@names")}
            ON CONFLICT (group_id, user_id) DO NOTHING
            """, transaction);
        insert.AddParameter("@group_id", groupId);
        _dialect.AddNames(insert, "@names", users);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int?> GroupIdAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand("SELECT id FROM groups WHERE name = @name", transaction);
        select.AddParameter("@name", name);
        return await select.ExecuteScalarAsync(cancellationToken) is { } id and not DBNull
            ? Convert.ToInt32(id, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The first of <paramref name="users"/> that is no hub user, or null when all are.</summary>
    private async Task<string?> MissingUserAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return null;
        }

        await using var select = connection.CreateCommand($"SELECT name FROM users WHERE {_dialect.NameIn("name", "@names")}", transaction);
        _dialect.AddNames(select, "@names", users);
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(reader.GetString(0));
        }

        return users.FirstOrDefault(u => !known.Contains(u));
    }

    /// <summary>The groups <paramref name="groups"/> selects (id, name), each with its members (users), ordered by id.</summary>
    private static DbCommand WithMembers(DbConnection connection, string groups) => connection.CreateCommand($"""
        SELECT g.id, g.name, {UserColumns.Of("u")}
        FROM ({groups}) AS g
        LEFT JOIN group_members AS m ON g.id = m.group_id
        LEFT JOIN users AS u ON m.user_id = u.id
        ORDER BY g.id, u.id
        """);

    private static async Task<List<Group>> ReadAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var groups = new List<Group>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Rows of one group are adjacent; a group without members has one row without a user.
            var id = reader.GetInt32(0);
            if (groups.Count == 0 || groups[^1].Id != id)
            {
                groups.Add(new Group { Id = id, Name = reader.GetString(1) });
            }

            if (!reader.IsDBNull(2))
            {
                var group = groups[^1];
                var user = UserColumns.Read(reader, first: 2);
                group.Members.Add(new GroupMember { GroupId = id, Group = group, UserId = user.Id, User = user });
            }
        }

        return groups;
    }
}
