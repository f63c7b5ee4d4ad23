using Lakehouse.Contracts;

namespace Lakehouse.Hub.Security;

/// <summary>The hub's <c>next</c>: a local path (<see cref="LocalPath"/>), else the home page.</summary>
public static class LocalRedirect
{
    public const string Home = "/hub/home";

    public static string Sanitize(string? next) => LocalPath.Sanitize(next, Home);
}
