using System.Data.Common;
using Lakehouse.Hub.Data.Migrations;

namespace Lakehouse.Hub.Data;

/// <summary>
/// Brings the schema up to date before the hub serves anything (hosted services start before the server): the
/// migrations not yet in <c>__EFMigrationsHistory</c> run in order, in one transaction with their history rows.
/// </summary>
internal sealed partial class DatabaseMigrator(HubDatabase database, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        await dialect.PrepareAsync(connection, cancellationToken);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect.MigrationLock is { } migrationLock)
        {
            await ExecuteAsync(connection, transaction, migrationLock, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, dialect.HistoryTable, cancellationToken);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = connection.CreateCommand("""SELECT "MigrationId" FROM "__EFMigrationsHistory";""", transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        var pending = HubMigrations.All.Where(id => !applied.Contains(id)).ToList();
        foreach (var id in pending)
        {
            await ExecuteAsync(connection, transaction, dialect.Script(id), cancellationToken);
            await using var record = connection.CreateCommand(
                """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES (@id, @version);""", transaction);
            record.AddParameter("@id", id).AddParameter("@version", HubMigrations.ProductVersion);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogMigrated(logger, dialect.Name, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub database ready ({Provider}); {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, string provider, int count);
}
