using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

public static class PostgresBuilderExtensions
{
    private const int ContainerPort = 5432;
    private const string DataPath = "/var/lib/postgresql/data";

    /// <summary>
    /// Adds a PostgreSQL server, as Aspire's <c>AddPostgres</c>: the <c>postgres</c> image with a volume for its
    /// data (a StatefulSet in a cluster). No PostgreSQL is started locally, so declare it in publish mode only when
    /// the services have a local alternative (the hub keeps SQLite in the state folder).
    /// </summary>
    /// <param name="password">The superuser's password; the secret parameter <c>{name}-password</c> when not given.</param>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceName.Validate(name);
        var passwordParameter = password?.Resource ?? builder.AddParameter($"{name}-password", secret: true).Resource;
        var resource = new PostgresServerResource(name, passwordParameter);
        return builder.AddResource(resource)
            .WithAnnotation(new ContainerImageAnnotation(resource.Image, resource.Tag))
            .WithEndpoint(PostgresServerResource.PrimaryEndpointName, "tcp", targetPort: ContainerPort)
            .WithTcpHealthCheck(PostgresServerResource.PrimaryEndpointName)
            .WithVolume($"{name}-data", DataPath)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["POSTGRES_USER"] = PostgresServerResource.UserName;
                context.EnvironmentVariables["POSTGRES_PASSWORD"] = resource.PasswordParameter;
                // A fresh volume's root holds lost+found, which initdb refuses: the cluster lives one folder down.
                context.EnvironmentVariables["PGDATA"] = $"{DataPath}/pgdata";
                // The image creates this database on its first start; Aspire's first database gets the same.
                if (resource.Databases.FirstOrDefault() is { } database)
                {
                    context.EnvironmentVariables["POSTGRES_DB"] = database.DatabaseName;
                }
            });
    }

    /// <summary>A database of the server, referenced by clients as <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var server = builder.Resource;
        if (server.Databases.Count > 0)
        {
            // The image creates one database at first start; more would need an init script, which nothing needs yet.
            throw new DistributedApplicationException($"PostgreSQL '{server.Name}' already has database '{server.Databases[0].Name}'; one database per server is supported.");
        }

        databaseName ??= name;
        if (!System.Text.RegularExpressions.Regex.IsMatch(databaseName, "^[A-Za-z_][A-Za-z0-9_]{0,62}$"))
        {
            // It goes unquoted into POSTGRES_DB and the connection string.
            throw new ArgumentException($"Database name '{databaseName}' must be letters, digits and '_', starting with a letter or '_'.", nameof(databaseName));
        }

        var database = new PostgresDatabaseResource(name, databaseName, server);
        server.AddDatabase(database);
        return builder.ApplicationBuilder.AddResource(database);
    }
}
