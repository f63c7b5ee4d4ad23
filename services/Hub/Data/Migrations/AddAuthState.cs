using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lakehouse.Hub.Data.Migrations;

/// <summary>The encrypted auth state of OIDC logins, one row per user.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122010000_AddAuthState")]
public sealed class AddAuthState : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "auth_states",
            columns: table => new
            {
                user_id = table.Column<int>(nullable: false),
                encrypted = table.Column<string>(nullable: false),
                updated = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_auth_states", x => x.user_id);
                table.ForeignKey("fk_auth_states_users", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("auth_states");
}
