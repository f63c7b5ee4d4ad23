using Lakehouse.Hub.Options;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lakehouse.Hub.Data;

public static class HubDatabaseExtensions
{
    /// <summary>The connection string name of a PostgreSQL database for the hub (<c>ConnectionStrings:hubdb</c>).</summary>
    public const string ConnectionName = "hubdb";

    /// <summary>PostgreSQL when <c>ConnectionStrings:hubdb</c> is set; otherwise a SQLite file in the state folder.</summary>
    public static IHostApplicationBuilder AddHubDatabase(this IHostApplicationBuilder builder)
    {
        // Read when the first context is made, so that every configuration source (tests' too) has been added.
        builder.Services.AddPooledDbContextFactory<HubDbContext>((services, options) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var postgres = configuration.GetConnectionString(ConnectionName);
            if (!string.IsNullOrWhiteSpace(postgres))
            {
                options.UseNpgsql(postgres);
            }
            else
            {
                options.UseSqlite(SqliteConnectionString(configuration));
            }

            // The migrations are hand-written and carry no model snapshot; the model is checked by the tests instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    private static string SqliteConnectionString(IConfiguration configuration)
    {
        var path = configuration[$"{HubOptions.SectionName}:{nameof(HubOptions.Database)}"];
        if (string.IsNullOrWhiteSpace(path))
        {
            var state = configuration[$"{PlatformOptions.SectionName}:{nameof(PlatformOptions.StateDirectory)}"]
                ?? configuration["LAKEHOUSE_STATE_DIR"];
            if (string.IsNullOrWhiteSpace(state))
            {
                throw new InvalidOperationException(
                    "The hub needs a database: set Lakehouse:StateDirectory (or LAKEHOUSE_STATE_DIR), Hub:Database or ConnectionStrings:hubdb.");
            }

            path = Path.Combine(state, "hub", "hub.db");
        }

        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }
}
