using System.Data.Common;

namespace Lakehouse.Hub.Data;

/// <summary>
/// What differs between SQLite and PostgreSQL for the hub: the schema's DDL (types, identity columns), how a list of
/// names is passed as one parameter, how a unique-constraint violation is told apart, and what a connection needs
/// before the migrations.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>For logs: <c>SQLite</c> or <c>PostgreSQL</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// A condition that <paramref name="column"/> is one of the names passed in <paramref name="parameter"/> (see
    /// <see cref="AddNames"/>). One parameter for any number of names keeps the SQL text, and so its plan, the same.
    /// </summary>
    public abstract string NameIn(string column, string parameter);

    /// <summary>A derived table (to alias) of the names passed in <paramref name="parameter"/>, in one column <c>name</c>.</summary>
    public abstract string NameRows(string parameter);

    /// <summary>Passes <paramref name="names"/> as the one parameter <see cref="NameIn"/> reads.</summary>
    public abstract void AddNames(DbCommand command, string parameter, IEnumerable<string> names);

    /// <summary>True when the command failed on a unique index or primary key (another request wrote the same key first).</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Creates the migrations' history table when it is missing; EF Core's name and columns, so its databases are taken over.</summary>
    public abstract string HistoryTable { get; }

    /// <summary>Run first in the migrations' transaction, so two hubs starting at once migrate one after the other.</summary>
    public abstract string? MigrationLock { get; }

    /// <summary>The DDL of one migration (<see cref="HubMigrations"/>) in this dialect.</summary>
    public abstract string Script(string migrationId);

    /// <summary>Readies a fresh database connection before the migrations run (outside any transaction).</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
}
