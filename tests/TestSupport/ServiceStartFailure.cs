using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Lakehouse.Testing;

/// <summary>
/// Starts a service composed as its Program does, in-process and directly (not through a test server's deferred host,
/// where a failed start can surface as that host's disposal), and returns the validation error that stopped it; a
/// service that starts anyway fails the test.
/// </summary>
public static class ServiceStartFailure
{
    public static async Task<OptionsValidationException> OfAsync(
        IEnumerable<KeyValuePair<string, string?>> settings, Action<WebApplicationBuilder> compose, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        compose(builder);
        await using var app = builder.Build();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException error)
        {
            return error;
        }

        await app.StopAsync(cancellationToken);
        throw new InvalidOperationException("The service started although its settings should have stopped it.");
    }
}
