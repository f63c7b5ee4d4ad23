using Lakehouse.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.ServiceDefaults.Tests.ServiceDiscovery;

public sealed class ServiceDiscoveryEndToEndTests
{
    [Fact]
    public async Task App_reaches_another_app_by_service_name_through_an_HttpClient_from_DI()
    {
        var ct = TestContext.Current.CancellationToken;

        var bBuilder = LoopbackApp.CreateBuilder("lakehouse-b");
        bBuilder.AddServiceDefaults();
        await using var b = bBuilder.Build();
        b.MapGet("/whoami", (HttpRequest request) => $"b at {request.Path}{request.QueryString}");
        await b.StartAsync(ct);

        var aBuilder = LoopbackApp.CreateBuilder("lakehouse-a", new Dictionary<string, string?>
        {
            ["Services:b:http:0"] = b.Address().ToString(),
        });
        aBuilder.AddServiceDefaults();
        aBuilder.Services.AddHttpClient("b", client => client.BaseAddress = new Uri("http://b"));
        await using var a = aBuilder.Build();
        a.MapGet("/call-b", (IHttpClientFactory clients, CancellationToken requestAborted) =>
            clients.CreateClient("b").GetStringAsync("/whoami?from=a", requestAborted));
        await a.StartAsync(ct);

        using var client = a.CreateClient();
        var answer = await client.GetStringAsync("/call-b", ct);

        Assert.Equal("b at /whoami?from=a", answer);
    }

    [Fact]
    public async Task Unresolvable_service_fails_the_request_with_the_resolver_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = LoopbackApp.CreateBuilder("lakehouse-a", new Dictionary<string, string?>
        {
            ["Services:b:http:0"] = "not a url",
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        await app.StartAsync(ct);

        using var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetStringAsync("http://b/whoami", ct));

        Assert.Contains("Services:b:http:0", error.Message);
    }
}
