using System.Collections.Concurrent;

namespace Lakehouse.Kubernetes.Emulator.Http;

/// <summary>Every request the emulator got, so that tests can check what went over the wire.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _requests = new();

    public IReadOnlyList<LoggedRequest> Requests => _requests.ToArray();

    public void Add(LoggedRequest request) => _requests.Enqueue(request);
}

public sealed record LoggedRequest(string Method, string PathAndQuery, string? ContentType);
