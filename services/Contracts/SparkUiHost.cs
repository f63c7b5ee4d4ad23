namespace Lakehouse.Contracts;

/// <summary>
/// Recognizes <c>{name}.sparkui.{domain}</c>, the host of a user's Spark UI (as in the original lakehouse): the route
/// controller routes by it, the hub sends login hand-offs only to such hosts.
/// </summary>
public sealed class SparkUiHost(string domain)
{
    private readonly string _suffix = ".sparkui." + domain.ToLowerInvariant();

    public string HostFor(string name) => name + _suffix;

    /// <returns>False when the host is not a Spark UI host at all; otherwise the name, or the reason it is refused.</returns>
    public bool TryGetUser(string host, out string? name, out string? error)
    {
        name = null;
        error = null;
        if (!host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase) || host.Length == _suffix.Length)
        {
            return false;
        }

        // Host names are case-insensitive, so here (unlike paths) uppercase is simply folded.
        if (!UserName.TryNormalize(host[..^_suffix.Length], out name, out error))
        {
            name = null;
        }

        return true;
    }
}
