using System.Net;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Options;

/// <summary>Rejects settings the proxy could not honour, at startup and naming the setting.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        const string section = ProxyOptions.SectionName;
        List<string> failures = [];
        if (options.PublicPort is < 1 or > 65535)
        {
            failures.Add($"{section}:PublicPort must be between 1 and 65535.");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _) && options.BindAddress is not ("localhost" or "*"))
        {
            failures.Add($"{section}:BindAddress must be an IP address (127.0.0.1, 0.0.0.0, ::), 'localhost' or '*'.");
        }

        if (Uri.CheckHostName(options.Domain) != UriHostNameType.Dns)
        {
            failures.Add($"{section}:Domain must be a DNS name such as 'localhost' or 'lakehouse.home'.");
        }

        foreach (var (key, url) in new[] { ("HubUrl", options.HubUrl), ("SpawnerUrl", options.SpawnerUrl) })
        {
            if (url is null || !url.IsAbsoluteUri || url.UserInfo.Length > 0)
            {
                failures.Add($"{section}:{key} must be an absolute URL without credentials, such as http://hub.");
            }
        }

        if (options.PublicHubUrl is { } hubUrl && (!hubUrl.IsAbsoluteUri || hubUrl.Scheme is not ("http" or "https") || hubUrl.UserInfo.Length > 0))
        {
            failures.Add($"{section}:PublicHubUrl must be an absolute http(s) URL without credentials, such as https://jupyterhub.lakehouse.home.");
        }

        if (!string.IsNullOrEmpty(options.TlsKey) && string.IsNullOrEmpty(options.TlsCertificate))
        {
            failures.Add($"{section}:TlsKey needs {section}:TlsCertificate.");
        }

        foreach (var (key, path) in new[] { ("TlsCertificate", options.TlsCertificate), ("TlsKey", options.TlsKey) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                failures.Add($"{section}:{key}: no such file '{path}'.");
            }
        }

        RequirePositive(failures, options.HstsMaxAge, "HstsMaxAge");
        RequirePositive(failures, options.ActivityReportInterval, "ActivityReportInterval");
        RequirePositive(failures, options.WebSocketActivityInterval, "WebSocketActivityInterval");
        RequirePositive(failures, options.ReconnectDelay, "ReconnectDelay");
        RequirePositive(failures, options.SpawnerStreamIdleTimeout, "SpawnerStreamIdleTimeout");
        RequirePositive(failures, options.UpstreamActivityTimeout, "UpstreamActivityTimeout");
        if (options.AuthorizationCacheDuration < TimeSpan.Zero)
        {
            failures.Add($"{section}:AuthorizationCacheDuration must not be negative.");
        }

        if (options.AuthorizationCacheSize < 1)
        {
            failures.Add($"{section}:AuthorizationCacheSize must be at least 1.");
        }

        if (options.MaxRequestBodySize is < 0)
        {
            failures.Add($"{section}:MaxRequestBodySize must not be negative.");
        }

        if (options.MaxReconnectDelay < options.ReconnectDelay)
        {
            failures.Add($"{section}:MaxReconnectDelay must be at least ReconnectDelay.");
        }

        if (options.SpawnerStreamUnhealthyAfter < options.SpawnerStreamDegradedAfter)
        {
            failures.Add($"{section}:SpawnerStreamUnhealthyAfter must be at least SpawnerStreamDegradedAfter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{ProxyOptions.SectionName}:{key} must be positive.");
        }
    }
}
