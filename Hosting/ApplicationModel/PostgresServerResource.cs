namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server, as Aspire's: the <c>postgres</c> image, published for the cluster only (it is not started
/// locally). Clients reference one of its databases (<see cref="PostgresDatabaseResource"/>).
/// </summary>
public sealed class PostgresServerResource(string name, ParameterResource password)
    : ContainerResource(name, "postgres", "17"), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string UserName = "postgres";

    private readonly List<PostgresDatabaseResource> _databases = [];

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    /// <summary>Npgsql's form: <c>Host=…;Port=…;Username=postgres;Password=…</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");

    internal void AddDatabase(PostgresDatabaseResource database) => _databases.Add(database);
}

/// <summary>A database of a <see cref="PostgresServerResource"/>; its connection string is the server's plus <c>Database=</c>.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
