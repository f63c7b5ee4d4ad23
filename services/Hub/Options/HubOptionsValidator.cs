using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Options;

internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var failures = new List<string>();
        if (options.ConcurrentSpawnLimit < 1)
        {
            failures.Add("Hub:ConcurrentSpawnLimit must be at least 1.");
        }

        if (options.ActiveServerLimit < 0)
        {
            failures.Add("Hub:ActiveServerLimit must be 0 (unlimited) or more.");
        }

        if (options.StartTimeout <= TimeSpan.Zero || options.SessionLifetime <= TimeSpan.Zero || options.RetryAfter <= TimeSpan.Zero)
        {
            failures.Add("Hub:StartTimeout, Hub:SessionLifetime and Hub:RetryAfter must be positive.");
        }

        if (options.Culling.Timeout <= TimeSpan.Zero || options.Culling.Interval <= TimeSpan.Zero || options.Culling.MaxAge <= TimeSpan.Zero)
        {
            failures.Add("Hub:Culling:Timeout, Interval and MaxAge must be positive.");
        }

        if (options.LoginThrottle.MaxFailures < 1 || options.LoginThrottle.Window <= TimeSpan.Zero)
        {
            failures.Add("Hub:LoginThrottle:MaxFailures must be at least 1 and Hub:LoginThrottle:Window positive.");
        }

        // It goes into the Content-Security-Policy and into redirects: a plain DNS name only.
        if (Uri.CheckHostName(options.SparkUiDomain) != UriHostNameType.Dns)
        {
            failures.Add("Hub:SparkUiDomain must be a DNS name such as 'localhost' or 'lakehouse.home'.");
        }

        if (options.MaxRequestBodySize < 1024)
        {
            failures.Add("Hub:MaxRequestBodySize must be at least 1024 bytes.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
