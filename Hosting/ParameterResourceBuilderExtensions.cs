using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>
    /// A value from configuration <c>Parameters:{name}</c>. A secret parameter that is not given is generated
    /// once and kept in the state folder.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddParameter(name, secret ? new GenerateParameterDefault() : null, secret);

    /// <summary>A parameter with a default used when configuration does not give one.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string defaultValue, bool secret = false) =>
        builder.AddParameter(name, new ConstantParameterDefault(defaultValue), secret);

    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, ParameterDefault? @default, bool secret)
    {
        var store = new ParameterStateStore(builder.ExecutionContext.StateDirectory);
        var configuration = builder.Configuration;
        return builder.AddResource(new ParameterResource(
            name,
            parameter => configuration[$"Parameters:{parameter.Name}"] switch
            {
                { Length: > 0 } given => given,
                _ => parameter.Default switch
                {
                    ConstantParameterDefault constant => constant.Value,
                    GenerateParameterDefault generate => store.GetOrCreate(parameter.Name, generate),
                    _ => null,
                },
            },
            secret,
            @default));
    }

    /// <summary>A connection string composed from other values (<c>value.v0</c> in the manifest).</summary>
    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this IDistributedApplicationBuilder builder, string name, ReferenceExpression connectionString) =>
        builder.AddResource(new ConnectionStringResource(name, connectionString));
}
