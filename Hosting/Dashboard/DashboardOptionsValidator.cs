using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Rejects a dashboard address or token that would not work, before anything listens.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (!DashboardListenAddress.TryParse(options.Url, out _, out var urlError))
        {
            failures.Add($"{DashboardOptions.SectionName}:Url: {urlError}");
        }

        if (options.BrowserToken is not null && !DashboardBrowserToken.IsAcceptable(options.BrowserToken, out var tokenError))
        {
            failures.Add($"{DashboardOptions.SectionName}:BrowserToken: {tokenError}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
