namespace Lakehouse.Kubernetes.Client;

/// <summary>The query of a list: <c>labelSelector</c> (<c>a=b,c!=d,e</c>), <c>fieldSelector</c>, page size and token.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public int? Limit { get; init; }

    public string? Continue { get; init; }
}
