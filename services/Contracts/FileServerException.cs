using System.Net;

namespace Lakehouse.Contracts;

/// <summary>The fileserver refused a request; <see cref="Exception.Message"/> is its reason, fit for the user.</summary>
public sealed class FileServerException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
