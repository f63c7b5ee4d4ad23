using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Homes;
using Lakehouse.Hub.Oidc;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Users;
using Lakehouse.ServiceDefaults.Options;
using Lakehouse.ServiceDefaults.Resilience;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Extensions;

public static class HubServiceExtensions
{
    public static IHostApplicationBuilder AddHubServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<HubOptions, HubOptionsValidator>()
            .BindConfiguration(HubOptions.SectionName);
        services.AddValidatedOptions<PlatformOptions, PlatformOptionsValidator>()
            .BindConfiguration(PlatformOptions.SectionName);

        // JupyterHub's API speaks snake_case and shows nulls (server: null, pending: null).
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.PropertyNameCaseInsensitive = true;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, HubJsonContext.Default);
        });

        builder.AddHubDatabase();
        builder.Services.AddHubAuthenticators(builder.Configuration);

        services.AddAuthentication(HubClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, HubAuthenticationHandler>(HubClaims.Scheme, null);
        services.AddAuthorization();
        services.AddValidatedOptions<AuthorizationOptions, AuthorizationOptionsValidator>()
            .BindConfiguration(AuthorizationOptions.SectionName);
        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SparkUiHandoff>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UserService>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<AuthStateStore>();
        services.AddSingleton<OidcLogout>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<HubMetrics>();
        services.AddSingleton<ServerRegistry>();
        services.AddSingleton<ServerLauncher>();
        services.AddHostedService<SpawnerEventsFollower>();
        services.AddHostedService<IdleCuller>();

        services.AddHttpClient(nameof(SpawnerClient), ConfigureSpawner);
        services.AddHttpClient(SpawnerClient.StreamClientName, ConfigureSpawner)
            // Streams stay open for minutes: no resilience timeouts, no retries, no client timeout.
            .RemoveAllResilienceHandlers();
        // One SpawnerClient for the singletons that use it; the factory still rotates the handlers underneath.
        services.AddSingleton(sp => new SpawnerClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SpawnerClient)), sp.GetRequiredService<IHttpClientFactory>()));

        // Homes: usage and quotas on the pages, files while a server is stopped (the fileserver's API, as the hub).
        services.AddHttpClient<FileServerClient>((sp, client) =>
        {
            client.BaseAddress = new Uri(FileServerClient.ServiceAddress);
            AddHubToken(sp, client);
        });
        services.AddSingleton<HomeStorage>();

        return builder;
    }

    private static void ConfigureSpawner(IServiceProvider services, HttpClient client)
    {
        client.BaseAddress = new Uri(SpawnerClient.ServiceAddress);
        AddHubToken(services, client);
    }

    private static void AddHubToken(IServiceProvider services, HttpClient client)
    {
        var token = services.GetRequiredService<IOptionsMonitor<PlatformOptions>>().CurrentValue.ServiceTokens.Hub;
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }
}
