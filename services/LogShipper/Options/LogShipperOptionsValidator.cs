using Microsoft.Extensions.Options;

namespace Lakehouse.LogShipper.Options;

public sealed class LogShipperOptionsValidator : IValidateOptions<LogShipperOptions>
{
    public ValidateOptionsResult Validate(string? name, LogShipperOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var path = options.Sources[i].Path;
            if (string.IsNullOrWhiteSpace(path) || !System.IO.Path.IsPathFullyQualified(path) || path.Contains("**", StringComparison.Ordinal))
            {
                errors.Add($"LogShipper:Sources:{i}:Path must be an absolute glob ('*' within one segment), got '{path}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Exchange))
        {
            errors.Add("LogShipper:Exchange must not be empty.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            errors.Add("LogShipper:BatchSize must be between 1 and 10000.");
        }

        if (options.MaxEventBytes < 1024 || options.MaxBufferedBytes < 2 * options.MaxEventBytes)
        {
            errors.Add("LogShipper:MaxEventBytes must be at least 1024 and LogShipper:MaxBufferedBytes at least twice it.");
        }

        foreach (var (key, value) in new[]
                 {
                     ("PollInterval", options.PollInterval), ("ScanInterval", options.ScanInterval), ("MultilineTimeout", options.MultilineTimeout),
                     ("ConfirmTimeout", options.ConfirmTimeout), ("ReconnectDelay", options.ReconnectDelay), ("ReconnectMaxDelay", options.ReconnectMaxDelay),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"LogShipper:{key} must be positive.");
            }
        }

        if (options.Forward.Enabled && !Uri.TryCreate(options.Forward.ConnectionString, UriKind.Absolute, out _))
        {
            errors.Add("LogShipper:Forward:ConnectionString must be an amqp:// URI.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
