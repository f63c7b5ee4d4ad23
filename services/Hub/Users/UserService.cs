using System.Data.Common;
using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Data;

namespace Lakehouse.Hub.Users;

/// <summary>Users and their hub groups in the database.</summary>
public sealed class UserService(HubDatabase database, TimeProvider time)
{
    private static readonly string FindSql = UserGroups.Sql("SELECT * FROM users WHERE name = @name");

    private readonly SqlDialect _dialect = database.Dialect;

    /// <summary>The user with their hub groups; null when there is none.</summary>
    public async Task<User?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(FindSql);
        command.AddParameter("@name", name);
        return (await UserGroups.ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// A page of users ordered by id; <paramref name="names"/> keeps (or, with <paramref name="exclude"/>, drops) only
    /// those. The total is counted only when asked for (<paramref name="countTotal"/>), since it costs a second query.
    /// </summary>
    public async Task<(List<User> Users, int? Total)> ListAsync(
        int offset, int limit, string? nameFilter, IReadOnlyCollection<string>? names, bool exclude, CancellationToken cancellationToken,
        bool countTotal = true)
    {
        var conditions = new List<string>();
        if (!string.IsNullOrEmpty(nameFilter))
        {
            // JupyterHub's name_filter is a prefix match; the prefix's own wildcards are escaped.
            conditions.Add(@"name LIKE @prefix ESCAPE '\'");
        }

        if (names is not null)
        {
            var isIn = _dialect.NameIn("name", "@names");
            conditions.Add(exclude ? $"NOT ({isIn})" : isIn);
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        await using var connection = await database.OpenAsync(cancellationToken);

        int? total = null;
        if (countTotal)
        {
            await using var count = Filtered(connection, $"SELECT count(*) FROM users{where}", nameFilter, names);
            total = await count.ExecuteInt32Async(cancellationToken);
        }

        await using var page = Filtered(connection, UserGroups.Sql($"SELECT * FROM users{where} ORDER BY id LIMIT @limit OFFSET @offset"), nameFilter, names);
        page.AddParameter("@limit", limit).AddParameter("@offset", offset);
        return (await UserGroups.ReadAsync(page, cancellationToken), total);
    }

    private DbCommand Filtered(DbConnection connection, string sql, string? nameFilter, IReadOnlyCollection<string>? names)
    {
        var command = connection.CreateCommand(sql);
        if (!string.IsNullOrEmpty(nameFilter))
        {
            // Names are stored in lower case (UserName normalizes them), so the prefix is lowered too: SQLite's LIKE
            // ignores ASCII case and PostgreSQL's does not, and an upper-case filter would find users on one only.
            command.AddParameter("@prefix", EscapeLike(nameFilter.ToLowerInvariant()) + "%");
        }

        if (names is not null)
        {
            _dialect.AddNames(command, "@names", names);
        }

        return command;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>Creates the users that do not exist yet (JupyterHub skips existing ones); returns those created.</summary>
    public async Task<List<User>> CreateAsync(IReadOnlyList<string> names, bool admin, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var existing = await ExistingNamesAsync(connection, names, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var users = names.Distinct().Except(existing).Select(n => new User { Name = n, Admin = admin, CreatedAt = now }).ToList();
        if (users.Count == 0)
        {
            return users;
        }

        // One statement for the whole batch: it inserts every user or, on a conflict, none.
        await using var insert = connection.CreateCommand($"""
            INSERT INTO users (name, admin, created)
            SELECT n.name, @admin, @created FROM {_dialect.NameRows("@names")} AS n
            RETURNING id, name
            """);
        _dialect.AddNames(insert, "@names", users.Select(u => u.Name));
        insert.AddParameter("@admin", admin).AddParameter("@created", now);
        var ids = new Dictionary<string, int>(users.Count, StringComparer.Ordinal);
        try
        {
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[reader.GetString(1)] = reader.GetInt32(0);
            }
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            // One was created meanwhile by another request: the unique index decided, and nothing of this batch was kept.
            return [];
        }

        foreach (var user in users)
        {
            user.Id = ids[user.Name];
        }

        return users;
    }

    /// <summary>
    /// After a successful login: creates the user if needed and keeps the identity the login gave (when it gave one).
    /// One statement, so that a user deleted or created by another request meanwhile cannot make it return a row that
    /// is not there: the database decides between insert and update, and the row it returns is the one it wrote.
    /// </summary>
    public async Task<User> RecordLoginAsync(AuthenticatedUser login, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.CreateCommand($"""
            INSERT INTO users AS u (name, admin, created, last_activity, uid, gid, posix_groups, last_login)
            VALUES (@name, @identity_admin, @now, @now, @uid, @gid, @posix_groups, @now)
            ON CONFLICT (name) DO UPDATE SET {KeptIdentity}
            RETURNING {UserColumns.Unqualified}
            """);
        AddIdentity(upsert, login, seen: now).AddParameter("@now", now);
        return await ReadReturnedAsync(upsert, cancellationToken)
            ?? throw new InvalidOperationException($"Recording the login of {login.Name} returned no row.");
    }

    /// <summary>
    /// Keeps the identity the user directory gave for a user who never logged in; null when there is no such user.
    /// It is what a login would have stored, so their next login changes nothing unless the directory did.
    /// </summary>
    public async Task<User?> RecordDirectoryIdentityAsync(AuthenticatedUser identity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand(
            $"UPDATE users AS u SET {KeptIdentity} WHERE u.name = @name RETURNING {UserColumns.Unqualified}");
        AddIdentity(update, identity, seen: null);
        return await ReadReturnedAsync(update, cancellationToken);
    }

    /// <summary>The identity the spawner runs the server under, or null when it is not known yet.</summary>
    public static UserIdentity? IdentityOf(User user)
    {
        if (user.Uid is not { } uid || user.Gid is not { } gid)
        {
            return null;
        }

        var groups = user.PosixGroups is { } json
            ? JsonSerializer.Deserialize(json, ContractJsonContext.Default.ListGroupMembership) ?? []
            : [];
        return new UserIdentity(user.Name, uid, gid, groups, user.Admin);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => database.DeleteNamedAsync("users", """
        DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = @name);
        DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE name = @name);
        DELETE FROM group_members WHERE user_id IN (SELECT id FROM users WHERE name = @name);
        DELETE FROM auth_states WHERE user_id IN (SELECT id FROM users WHERE name = @name);
        """, name, cancellationToken);

    /// <summary>Sets admin and/or renames; false when the new name is taken.</summary>
    public async Task<bool> UpdateAsync(string name, bool? admin, string? newName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand("""
            UPDATE users SET name = COALESCE(@new_name, name), admin = COALESCE(@admin, admin) WHERE name = @name
            """);
        update.AddParameter("@name", name).AddParameter("@new_name", newName).AddParameter("@admin", admin);
        try
        {
            return await update.ExecuteNonQueryAsync(cancellationToken) > 0
                ? true
                : throw new InvalidOperationException($"No user named {name}.");
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>Stores the newest activity per user (never moving it back); returns how many users were known.</summary>
    public async Task<int> RecordActivityAsync(IReadOnlyDictionary<string, DateTime> activity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var known = await LastActivityAsync(connection, activity.Keys, cancellationToken);
        var newer = known.Where(k => k.Value is null || activity[k.Key] > k.Value).ToList();
        if (newer.Count > 0)
        {
            // One prepared statement, run once per user, in one transaction.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The condition again in the statement: a report that arrived meanwhile may have stored a newer time.
            await using var update = connection.CreateCommand(
                "UPDATE users SET last_activity = @seen WHERE name = @name AND (last_activity IS NULL OR last_activity < @seen)", transaction);
            update.AddParameter("@seen", activity[newer[0].Key]).AddParameter("@name", newer[0].Key);
            await update.PrepareAsync(cancellationToken);
            foreach (var (name, _) in newer)
            {
                update.SetParameter("@seen", activity[name]);
                update.SetParameter("@name", name);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return known.Count;
    }

    public async Task<Dictionary<string, DateTime?>> LastActivityAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await LastActivityAsync(connection, names, cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand("SELECT count(*) FROM users");
        return await count.ExecuteInt32Async(cancellationToken);
    }

    private async Task<Dictionary<string, DateTime?>> LastActivityAsync(DbConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand($"SELECT name, last_activity FROM users WHERE {_dialect.NameIn("name", "@names")}");
        _dialect.AddNames(select, "@names", names);
        var activity = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            activity[reader.GetString(0)] = reader.GetUtcDateTimeOrNull(1);
        }

        return activity;
    }

    private async Task<List<string>> ExistingNamesAsync(DbConnection connection, IEnumerable<string> names, CancellationToken cancellationToken) =>
        [.. (await LastActivityAsync(connection, names, cancellationToken)).Keys];

    /// <summary>
    /// What a login or the directory keeps of a user, merged in the statement itself so that a change made meanwhile
    /// is not overwritten: membership of an admin group grants admin, and an admin granted in the hub stays one unless
    /// the identity source manages admin by its groups (OIDC's AdminGroups), when leaving them revokes it; last
    /// activity only moves forward; an identity without uid/gid (a provider without those claims) leaves the one the
    /// hub knew. <c>@seen</c> is the login's time (null from the directory, which changes neither time).
    /// </summary>
    private const string KeptIdentity = """
        admin = CASE WHEN @admin_from_groups THEN @identity_admin ELSE (u.admin OR @identity_admin) END,
        last_activity = CASE WHEN u.last_activity IS NULL OR u.last_activity < @seen THEN @seen ELSE u.last_activity END,
        uid = CASE WHEN @has_ids THEN @uid ELSE u.uid END,
        gid = CASE WHEN @has_ids THEN @gid ELSE u.gid END,
        posix_groups = CASE WHEN @has_ids THEN @posix_groups ELSE u.posix_groups END,
        last_login = COALESCE(@seen, u.last_login)
        """;

    private static DbCommand AddIdentity(DbCommand command, AuthenticatedUser identity, DateTime? seen)
    {
        var hasIds = identity.Uid is not null && identity.Gid is not null;
        var groups = hasIds
            ? JsonSerializer.Serialize(identity.Groups.Select(g => new GroupMembership(g.Name, g.Gid)).ToList(), ContractJsonContext.Default.ListGroupMembership)
            : null;
        return command
            .AddParameter("@name", identity.Name)
            .AddParameter("@identity_admin", identity.Admin)
            .AddParameter("@admin_from_groups", identity.AdminFromGroups)
            .AddParameter("@has_ids", hasIds)
            .AddParameter("@uid", hasIds ? identity.Uid : null)
            .AddParameter("@gid", hasIds ? identity.Gid : null)
            .AddParameter("@posix_groups", groups)
            .AddParameter("@seen", seen);
    }

    /// <summary>The row a statement's <c>RETURNING</c> gave back, or null when it touched none.</summary>
    private static async Task<User?> ReadReturnedAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? UserColumns.Read(reader) : null;
    }
}
