using System.Net;
using Lakehouse.Kubernetes.Models;

namespace Lakehouse.Kubernetes.Errors;

/// <summary>The API refused a request; <see cref="Status"/> is its own explanation (message, reason, code).</summary>
public class KubernetesApiException(HttpStatusCode statusCode, Status status)
    : Exception($"Kubernetes API: {(int)statusCode} {status.Reason ?? statusCode.ToString()}: {status.Message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public Status Status { get; } = status;

    /// <summary>The exception that says most about <paramref name="status"/>: NotFound, Conflict, Gone and Invalid get their own.</summary>
    public static KubernetesApiException For(HttpStatusCode statusCode, Status status) => statusCode switch
    {
        HttpStatusCode.NotFound => new KubernetesNotFoundException(status),
        HttpStatusCode.Conflict => new KubernetesConflictException(status),
        HttpStatusCode.Gone => new KubernetesGoneException(status),
        HttpStatusCode.UnprocessableEntity => new KubernetesInvalidException(status),
        _ => new KubernetesApiException(statusCode, status),
    };
}

/// <summary>404: the object (or the resource) does not exist.</summary>
public sealed class KubernetesNotFoundException(Status status) : KubernetesApiException(HttpStatusCode.NotFound, status);

/// <summary>409: AlreadyExists on create, Conflict on a stale resourceVersion or an apply conflict.</summary>
public sealed class KubernetesConflictException(Status status) : KubernetesApiException(HttpStatusCode.Conflict, status)
{
    public bool AlreadyExists => Status.Reason == "AlreadyExists";
}

/// <summary>410: the resourceVersion is too old to watch or continue from; list again.</summary>
public sealed class KubernetesGoneException(Status status) : KubernetesApiException(HttpStatusCode.Gone, status);

/// <summary>422: the object is invalid; <see cref="Status"/>'s details name the fields.</summary>
public sealed class KubernetesInvalidException(Status status) : KubernetesApiException(HttpStatusCode.UnprocessableEntity, status);
