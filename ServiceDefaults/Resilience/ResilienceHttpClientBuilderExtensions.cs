using Lakehouse.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Aspire's namespace and method name, so that Microsoft.Extensions.Http.Resilience can replace this without touching callers.
namespace Microsoft.Extensions.DependencyInjection;

public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>Adds <see cref="StandardResilienceHandler"/>, configured from <c>HttpClientDefaults:Resilience</c>.</summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder httpClientBuilder)
    {
        var services = httpClientBuilder.Services;
        services.AddOptions<StandardResilienceOptions>()
            .BindConfiguration(StandardResilienceOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<StandardResilienceOptions>, StandardResilienceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<StandardResilienceHandler>();

        httpClientBuilder.AddHttpMessageHandler<StandardResilienceHandler>();
        return httpClientBuilder;
    }

    /// <summary>
    /// Takes the default resilience handler off one client, for long-lived streams (server-sent events) that must
    /// outlive any per-attempt timeout and reconnect by themselves. Also the name Microsoft.Extensions.Http.Resilience uses.
    /// </summary>
    public static IHttpClientBuilder RemoveAllResilienceHandlers(this IHttpClientBuilder httpClientBuilder) =>
        httpClientBuilder
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in handlers.OfType<StandardResilienceHandler>().ToList())
                {
                    handlers.Remove(handler);
                }
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
}
