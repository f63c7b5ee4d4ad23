using System.Collections.Concurrent;
using System.Net;
using Lakehouse.Hub.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Security;

/// <summary>
/// Brute-force limit for password logins. Failures are counted per account <em>and</em> client address: after
/// <c>MaxFailures</c> within <c>Window</c>, that pair gets 429 until its oldest failure leaves the window. Keying on
/// the pair (not the account alone) means an attacker elsewhere cannot lock the owner out of their own account, and
/// the window ending means nobody is locked out for ever; a success clears the pair's count.
/// </summary>
public sealed class LoginThrottle(IOptionsMonitor<HubOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string Account, string Client), Queue<DateTimeOffset>> _failures = new();

    /// <summary>How long the pair must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string account, IPAddress? client)
    {
        var settings = options.CurrentValue.LoginThrottle;
        if (!_failures.TryGetValue(Key(account, client), out var failures))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now, settings.Window);
            return failures.Count >= settings.MaxFailures ? failures.Peek() + settings.Window - now : null;
        }
    }

    public void RecordFailure(string account, IPAddress? client)
    {
        var settings = options.CurrentValue.LoginThrottle;
        var now = time.GetUtcNow();
        if (_failures.Count > PruneAbove)
        {
            Prune(now, settings.Window);
        }

        var failures = _failures.GetOrAdd(Key(account, client), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now, settings.Window);
            failures.Enqueue(now);
        }
    }

    public void RecordSuccess(string account, IPAddress? client) => _failures.TryRemove(Key(account, client), out _);

    private static (string, string) Key(string account, IPAddress? client) =>
        (account.Trim().ToLowerInvariant(), client?.ToString() ?? "unknown");

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now, TimeSpan window)
    {
        while (failures.Count > 0 && failures.Peek() + window <= now)
        {
            failures.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now, window);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }
}
