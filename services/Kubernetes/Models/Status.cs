using System.Text.Json.Serialization;

namespace Lakehouse.Kubernetes.Models;

/// <summary>
/// The API's answer to a failed request (and to some deletes): <c>kind: Status</c>, <c>status: Failure</c>, a
/// message for humans, a machine-readable reason (NotFound, AlreadyExists, Conflict, Invalid, Expired...) and the
/// HTTP code.
/// </summary>
public sealed record Status
{
    public string? ApiVersion { get; init; } = "v1";

    public string? Kind { get; init; } = "Status";

    public ListMeta? Metadata { get; init; }

    /// <summary>"Success" or "Failure".</summary>
    [JsonPropertyName("status")]
    public string? Outcome { get; init; }

    public string? Message { get; init; }

    public string? Reason { get; init; }

    public StatusDetails? Details { get; init; }

    public int? Code { get; init; }
}

/// <summary>Which object a Status is about, and for Invalid, which fields were wrong.</summary>
public sealed record StatusDetails
{
    public string? Name { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Uid { get; init; }

    public IList<StatusCause>? Causes { get; init; }
}

public sealed record StatusCause
{
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Field { get; init; }
}
