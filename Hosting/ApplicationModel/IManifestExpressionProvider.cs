namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A value written into the manifest as an expression such as <c>{hub.bindings.http.url}</c>.</summary>
public interface IManifestExpressionProvider
{
    string ValueExpression { get; }
}
