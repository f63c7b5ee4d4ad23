using System.Data.Common;

namespace Lakehouse.Hub.Data;

/// <summary>
/// The hub's database: pooled connections to SQLite or PostgreSQL and the dialect of that engine. The services write
/// each query once in SQL both engines accept, taking from <see cref="Dialect"/> only what differs.
/// </summary>
public sealed class HubDatabase(DbDataSource source, SqlDialect dialect) : IAsyncDisposable
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>An open connection from the pool; disposing it gives it back.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await source.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Deletes the row of <paramref name="table"/> named <paramref name="name"/> and, first, the rows that refer to it
    /// (<paramref name="dependents"/>, statements reading <c>@name</c>), in one transaction: explicitly, so that a
    /// database without enforced foreign keys keeps no orphans either. False when there was no such row.
    /// </summary>
    public async Task<bool> DeleteNamedAsync(string table, string dependents, string name, CancellationToken cancellationToken)
    {
        // The table is the one piece of SQL not passed as a parameter: only the hub's own tables may be named.
        if (table is not ("users" or "groups"))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "Only users and groups are deleted by name.");
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var deleteDependents = connection.CreateCommand(dependents, transaction);
        deleteDependents.AddParameter("@name", name);
        await deleteDependents.ExecuteNonQueryAsync(cancellationToken);
        await using var delete = connection.CreateCommand($"DELETE FROM {table} WHERE name = @name", transaction);
        delete.AddParameter("@name", name);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
