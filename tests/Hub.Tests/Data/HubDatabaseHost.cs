using System.Data.Common;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.Hub.Tests.Data;

/// <summary>
/// The hub's database wiring alone (<see cref="HubDatabaseExtensions.AddHubDatabase"/>, its migrator and the services
/// that read and write it), started against a given SQLite file or PostgreSQL database.
/// </summary>
internal sealed class HubDatabaseHost : IAsyncDisposable
{
    private readonly IHost _host;

    private HubDatabaseHost(IHost host) => _host = host;

    public HubDatabase Database => _host.Services.GetRequiredService<HubDatabase>();

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static Task<HubDatabaseHost> StartSqliteAsync(string file) => StartAsync(new() { ["Hub:Database"] = file });

    public static Task<HubDatabaseHost> StartPostgresAsync(string connectionString) =>
        StartAsync(new() { [$"ConnectionStrings:{HubDatabaseExtensions.ConnectionName}"] = connectionString });

    private static async Task<HubDatabaseHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddHubDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddSingleton<GroupService>();
        builder.Services.AddSingleton<ApiTokenService>();
        builder.Services.AddSingleton<SessionService>();
        builder.Services.AddOptions<HubOptions>();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new HubDatabaseHost(host);
    }

    /// <summary>Every row of a query, each as its columns' text (null as "NULL"), joined by '|'.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Text(reader, i))));
        }

        return rows;
    }

    private static string Text(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TestContext.Current.CancellationToken);
        _host.Dispose();
    }
}
