using Lakehouse.Hub.Options;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lakehouse.Hub.Data;

public static class HubDatabaseExtensions
{
    /// <summary>The connection string name of a PostgreSQL database for the hub (<c>ConnectionStrings:hubdb</c>).</summary>
    public const string ConnectionName = "hubdb";

    /// <summary>PostgreSQL when <c>ConnectionStrings:hubdb</c> is set; otherwise a SQLite file in the state folder.</summary>
    public static IHostApplicationBuilder AddHubDatabase(this IHostApplicationBuilder builder)
    {
        // Read when the database is first asked for, so that every configuration source (tests' too) has been added.
        builder.Services.AddSingleton(services => Open(services.GetRequiredService<IConfiguration>()));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    private static HubDatabase Open(IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString(ConnectionName);
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            // The slim builder leaves out the reflection-based mappings (JSON POCOs and the like) the hub never uses.
            // TLS must be asked for (the slim builder leaves it out): the connection carries sessions and token hashes.
            var source = new NpgsqlSlimDataSourceBuilder(postgres);
            source.EnableArrays();
            source.EnableTransportSecurity();
            return new HubDatabase(source.Build(), new PostgresDialect());
        }

        return new HubDatabase(new SqliteDataSource(SqliteConnectionString(configuration)), new SqliteDialect());
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
        // Foreign keys on, as EF Core turned them on for every connection: deletes cascade.
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30, ForeignKeys = true }.ToString();
    }
}
