namespace Lakehouse.Hub.Data.Migrations;

/// <summary>
/// The schema's migrations, in order. Their ids and the history table (<c>__EFMigrationsHistory</c>) are those the
/// hub's EF Core migrations used, so a database they built is taken over as it is: applied ids are skipped.
/// </summary>
public static class HubMigrations
{
    public const string InitialSchema = "20261122000000_InitialSchema";

    /// <summary>The encrypted auth state of OIDC logins, one row per user.</summary>
    public const string AddAuthState = "20261122010000_AddAuthState";

    public static readonly IReadOnlyList<string> All = [InitialSchema, AddAuthState];

    /// <summary>
    /// Written to the history's <c>ProductVersion</c>: the EF Core version that defined this schema, which the column
    /// (not null) records for every row.
    /// </summary>
    public const string ProductVersion = "10.0.14";
}
