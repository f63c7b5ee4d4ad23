using System.Data.Common;
using System.Globalization;

namespace Lakehouse.Hub.Data;

/// <summary>Parameters and typed reads for plain ADO.NET, the same for SQLite and PostgreSQL.</summary>
public static class DbCommandExtensions
{
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// Adds a parameter; null becomes SQL NULL. Every time is stored as UTC: PostgreSQL refuses other kinds for
    /// <c>timestamp with time zone</c>, and SQLite's text form would keep the local time without saying so.
    /// </summary>
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DbValue(value);
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Sets the value of a parameter added before, for a command run again with other values.</summary>
    public static void SetParameter(this DbCommand command, string name, object? value) =>
        command.Parameters[name].Value = DbValue(value);

    /// <summary>A stored time, as UTC: SQLite gives back an unspecified kind.</summary>
    public static DateTime GetUtcDateTime(this DbDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? GetUtcDateTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcDateTime(ordinal);

    public static int? GetInt32OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The first column of the first row as an int (a count, a new id): SQLite gives a long, PostgreSQL an int or a long.</summary>
    public static async Task<int> ExecuteInt32Async(this DbCommand command, CancellationToken cancellationToken) =>
        Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

    private static object DbValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime { Kind: not DateTimeKind.Utc } time => time.ToUniversalTime(),
        _ => value,
    };
}
