using System.Collections.Concurrent;
using Lakehouse.RouteController.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Access;

/// <summary>
/// The hub's decisions, reused for a short while (a notebook page load sends dozens of requests at once), and shared
/// while a question is still in flight so that those requests ask the hub once. Bounded: when full, expired entries
/// go, and if that is not enough everything goes, which costs only some questions to the hub.
/// </summary>
public sealed class AccessDecisionCache(TimeProvider timeProvider, IOptionsMonitor<ProxyOptions> options)
{
    private readonly ConcurrentDictionary<AccessKey, Entry> _entries = new();

    public int Count => _entries.Count;

    /// <param name="ask">Asks the hub, given <paramref name="state"/> (a static function: nothing is allocated per request).</param>
    public Task<AccessDecision> GetOrAddAsync<TState>(AccessKey key, Func<TState, Task<AccessDecision>> ask, TState state)
    {
        var settings = options.CurrentValue;
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Decision;
        }

        if (_entries.Count >= settings.AuthorizationCacheSize)
        {
            Prune(now, settings.AuthorizationCacheSize);
        }

        // Requests that miss at the same moment agree on one entry before any asks (the lazy question starts once).
        var candidate = new Entry(new Lazy<Task<AccessDecision>>(() => ask(state)), now + settings.AuthorizationCacheDuration);
        var entry = _entries.AddOrUpdate(key, candidate, (_, existing) => existing.ExpiresAt > now ? existing : candidate);
        if (!ReferenceEquals(entry, candidate))
        {
            return entry.Decision;
        }

        // A failed question is not an answer: the next request asks again.
        _ = entry.Decision.ContinueWith(
            t => _entries.TryRemove(new KeyValuePair<AccessKey, Entry>(key, entry)),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return entry.Decision;
    }

    private void Prune(DateTimeOffset now, int limit)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(new KeyValuePair<AccessKey, Entry>(key, entry));
            }
        }

        if (_entries.Count >= limit)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(Lazy<Task<AccessDecision>> Question, DateTimeOffset ExpiresAt)
    {
        public Task<AccessDecision> Decision => Question.Value;
    }
}
