using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lakehouse.Hub.Data.Migrations;

/// <summary>
/// The first schema, written by hand with provider-neutral operations: column types come from each provider's
/// mapping of the CLR type, and each provider reads only its own identity annotation.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122000000_InitialSchema")]
public sealed class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = Identity(table),
                name = table.Column<string>(maxLength: 64, nullable: false),
                admin = table.Column<bool>(nullable: false),
                created = table.Column<DateTime>(nullable: false),
                last_activity = table.Column<DateTime>(nullable: true),
                uid = table.Column<int>(nullable: true),
                gid = table.Column<int>(nullable: true),
                posix_groups = table.Column<string>(nullable: true),
                last_login = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));
        migrationBuilder.CreateIndex("ix_users_name", "users", "name", unique: true);

        migrationBuilder.CreateTable(
            name: "groups",
            columns: table => new
            {
                id = Identity(table),
                name = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_groups", x => x.id));
        migrationBuilder.CreateIndex("ix_groups_name", "groups", "name", unique: true);

        migrationBuilder.CreateTable(
            name: "group_members",
            columns: table => new
            {
                group_id = table.Column<int>(nullable: false),
                user_id = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_group_members", x => new { x.group_id, x.user_id });
                table.ForeignKey("fk_group_members_groups", x => x.group_id, "groups", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_group_members_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_group_members_user_id", "group_members", "user_id");

        migrationBuilder.CreateTable(
            name: "api_tokens",
            columns: table => new
            {
                id = Identity(table),
                hash = table.Column<string>(maxLength: 64, nullable: false),
                prefix = table.Column<string>(maxLength: 16, nullable: false),
                user_id = table.Column<int>(nullable: false),
                note = table.Column<string>(maxLength: 1024, nullable: false),
                scopes = table.Column<string>(maxLength: 1024, nullable: false),
                created = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: true),
                last_used = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_api_tokens", x => x.id);
                table.ForeignKey("fk_api_tokens_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_api_tokens_hash", "api_tokens", "hash", unique: true);
        migrationBuilder.CreateIndex("ix_api_tokens_user_id", "api_tokens", "user_id");

        migrationBuilder.CreateTable(
            name: "sessions",
            columns: table => new
            {
                id_hash = table.Column<string>(maxLength: 64, nullable: false),
                user_id = table.Column<int>(nullable: false),
                created = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_sessions", x => x.id_hash);
                table.ForeignKey("fk_sessions_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_sessions_user_id", "sessions", "user_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("sessions");
        migrationBuilder.DropTable("api_tokens");
        migrationBuilder.DropTable("group_members");
        migrationBuilder.DropTable("groups");
        migrationBuilder.DropTable("users");
    }

    // SQLite and PostgreSQL each read their own annotation and ignore the other's.
    private static Microsoft.EntityFrameworkCore.Migrations.Operations.Builders.OperationBuilder<Microsoft.EntityFrameworkCore.Migrations.Operations.AddColumnOperation> Identity(
        Microsoft.EntityFrameworkCore.Migrations.Operations.Builders.ColumnsBuilder table) =>
        table.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
