using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Lakehouse.Hub.Data;

/// <summary>Microsoft.Data.Sqlite has no data source of its own; its connections are pooled by connection string.</summary>
internal sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);
}
