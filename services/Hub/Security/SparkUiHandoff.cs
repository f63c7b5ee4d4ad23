using System.Collections.Concurrent;
using Lakehouse.Contracts;
using Lakehouse.Hub.Options;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Security;

/// <summary>
/// Logs a browser in on a Spark UI host (<c>{name}.sparkui.{domain}</c>), whose cookies are not the hub's: the hub
/// gives the signed-in user a one-time code bound to that host, the route controller there trades it (with its
/// service token) for a session of its own host. Codes live a minute and in memory (one hub replica).
/// </summary>
public sealed class SparkUiHandoff(IOptionsMonitor<HubOptions> options, TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);
    private const int MaxPending = 10_000;

    // Keyed by the code's hash, so a memory dump shows no usable code.
    private readonly ConcurrentDictionary<string, Pending> _codes = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="host"/> (<c>name.sparkui.domain[:port]</c>) is a Spark UI host of this platform; only
    /// those may receive a code, so the hand-off is no open redirect.
    /// </summary>
    public bool IsSparkUiHost(string? host)
    {
        if (string.IsNullOrEmpty(host) || host.Length > 300)
        {
            return false;
        }

        var colon = host.LastIndexOf(':');
        var name = colon < 0 ? host : host[..colon];
        if (colon >= 0 && !(int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port) && port is > 0 and < 65536))
        {
            return false;
        }

        return new SparkUiHost(options.CurrentValue.SparkUiDomain).TryGetUser(name, out var user, out _) && user is not null
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
    }

    public string Issue(int userId, string host)
    {
        var now = time.GetUtcNow();
        if (_codes.Count >= MaxPending)
        {
            foreach (var (key, pending) in _codes.Where(c => c.Value.Expires <= now))
            {
                _codes.TryRemove(key, out _);
            }
        }

        var code = Secrets.NewValue();
        _codes[SecretTokens.Hash(code)] = new Pending(userId, host.ToLowerInvariant(), now + CodeLifetime);
        return code;
    }

    /// <summary>The user the code was issued to, once, if it is fresh and for this very host.</summary>
    public int? Redeem(string code, string host) =>
        _codes.TryRemove(SecretTokens.Hash(code), out var pending)
            && pending.Expires > time.GetUtcNow()
            && string.Equals(pending.Host, host, StringComparison.OrdinalIgnoreCase)
            ? pending.UserId
            : null;

    private sealed record Pending(int UserId, string Host, DateTimeOffset Expires);
}
