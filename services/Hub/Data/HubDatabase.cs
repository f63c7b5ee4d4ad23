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

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
