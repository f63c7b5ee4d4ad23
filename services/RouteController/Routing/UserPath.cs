using Lakehouse.Contracts;

namespace Lakehouse.RouteController.Routing;

/// <summary>
/// A request path under <c>/user/{name}/</c>, split into the name and the rest. The name must already be in its
/// normalized form: the servers' base URLs are lowercase, and two spellings must never reach one server.
/// </summary>
public readonly record struct UserPath(string Name, string Remainder)
{
    public const string Prefix = "/user/";

    public enum ParseResult { Parsed, NotUserPath, MissingTrailingSlash, InvalidName }

    /// <param name="path">The decoded request path (Kestrel has already removed dot segments).</param>
    /// <param name="error">Why the name is refused, for the client.</param>
    public static ParseResult TryParse(string path, out UserPath userPath, out string? error)
    {
        userPath = default;
        error = null;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return ParseResult.NotUserPath;
        }

        var slash = path.IndexOf('/', Prefix.Length);
        var segment = slash < 0 ? path[Prefix.Length..] : path[Prefix.Length..slash];
        if (!UserName.TryNormalize(segment, out var name, out error))
        {
            return ParseResult.InvalidName;
        }

        if (name != segment)
        {
            error = $"User names in paths are lowercase: use /user/{name}/.";
            return ParseResult.InvalidName;
        }

        userPath = new UserPath(name, slash < 0 ? string.Empty : path[slash..]);
        return slash < 0 ? ParseResult.MissingTrailingSlash : ParseResult.Parsed;
    }
}
