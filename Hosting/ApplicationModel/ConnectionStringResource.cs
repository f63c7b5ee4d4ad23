namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A connection string composed of other values; written to the manifest as <c>value.v0</c>.</summary>
public sealed class ConnectionStringResource(string name, ReferenceExpression connectionString)
    : Resource(name), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
