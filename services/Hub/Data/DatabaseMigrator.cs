using Microsoft.EntityFrameworkCore;

namespace Lakehouse.Hub.Data;

/// <summary>Brings the schema up to date before the hub serves anything (hosted services start before the server).</summary>
internal sealed partial class DatabaseMigrator(IDbContextFactory<HubDbContext> contexts, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a write commits; the file stays private to the hub's user.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            var file = db.Database.GetDbConnection().DataSource;
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, db.Database.ProviderName ?? "unknown", pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub database ready ({Provider}); {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, string provider, int count);
}
