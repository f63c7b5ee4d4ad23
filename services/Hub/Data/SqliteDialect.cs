using System.Buffers;
using System.Data.Common;
using System.Text.Json;
using Lakehouse.Hub.Data.Migrations;
using Microsoft.Data.Sqlite;

namespace Lakehouse.Hub.Data;

/// <summary>SQLite: a file in the state folder, private to the hub's user, in WAL mode.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public override string Name => "SQLite";

    // A JSON array read by json_each: binding one parameter per name costs SQLite a lookup by name each (quadratic).
    public override string NameIn(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override string NameRows(string parameter) => $"(SELECT value AS name FROM json_each({parameter}))";

    public override void AddNames(DbCommand command, string parameter, IEnumerable<string> names)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        command.AddParameter(parameter, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public override string HistoryTable => """
        CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
            "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
            "ProductVersion" TEXT NOT NULL
        );
        """;

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) already takes the database's write lock.
    public override string? MigrationLock => null;

    public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers go on while a write commits; the file stays private to the hub's user.
        await using (var command = connection.CreateCommand("PRAGMA journal_mode=WAL;"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The write-ahead log and its index hold the same rows as the database file.
        foreach (var file in new[] { connection.DataSource, connection.DataSource + "-wal", connection.DataSource + "-shm" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    // The text SQLite keeps in sqlite_master is the one EF Core's migrations wrote, character for character.
    public override string Script(string migrationId) => migrationId switch
    {
        HubMigrations.InitialSchema => """
            CREATE TABLE "users" (
                "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
                "name" TEXT NOT NULL,
                "admin" INTEGER NOT NULL,
                "created" TEXT NOT NULL,
                "last_activity" TEXT NULL,
                "uid" INTEGER NULL,
                "gid" INTEGER NULL,
                "posix_groups" TEXT NULL,
                "last_login" TEXT NULL
            );
            CREATE UNIQUE INDEX "ix_users_name" ON "users" ("name");
            CREATE TABLE "groups" (
                "id" INTEGER NOT NULL CONSTRAINT "pk_groups" PRIMARY KEY AUTOINCREMENT,
                "name" TEXT NOT NULL
            );
            CREATE UNIQUE INDEX "ix_groups_name" ON "groups" ("name");
            CREATE TABLE "group_members" (
                "group_id" INTEGER NOT NULL,
                "user_id" INTEGER NOT NULL,
                CONSTRAINT "pk_group_members" PRIMARY KEY ("group_id", "user_id"),
                CONSTRAINT "fk_group_members_groups" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE,
                CONSTRAINT "fk_group_members_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
            );
            CREATE INDEX "ix_group_members_user_id" ON "group_members" ("user_id");
            CREATE TABLE "api_tokens" (
                "id" INTEGER NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY AUTOINCREMENT,
                "hash" TEXT NOT NULL,
                "prefix" TEXT NOT NULL,
                "user_id" INTEGER NOT NULL,
                "note" TEXT NOT NULL,
                "scopes" TEXT NOT NULL,
                "created" TEXT NOT NULL,
                "expires_at" TEXT NULL,
                "last_used" TEXT NULL,
                CONSTRAINT "fk_api_tokens_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
            );
            CREATE UNIQUE INDEX "ix_api_tokens_hash" ON "api_tokens" ("hash");
            CREATE INDEX "ix_api_tokens_user_id" ON "api_tokens" ("user_id");
            CREATE TABLE "sessions" (
                "id_hash" TEXT NOT NULL CONSTRAINT "pk_sessions" PRIMARY KEY,
                "user_id" INTEGER NOT NULL,
                "created" TEXT NOT NULL,
                "expires_at" TEXT NOT NULL,
                CONSTRAINT "fk_sessions_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
            );
            CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id");
            """,
        HubMigrations.AddAuthState => """
            CREATE TABLE "auth_states" (
                "user_id" INTEGER NOT NULL CONSTRAINT "pk_auth_states" PRIMARY KEY,
                "encrypted" TEXT NOT NULL,
                "updated" TEXT NOT NULL,
                CONSTRAINT "fk_auth_states_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
            );
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(migrationId), migrationId, "Unknown migration."),
    };
}
