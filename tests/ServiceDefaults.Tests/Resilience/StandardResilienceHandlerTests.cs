using System.Collections.Concurrent;
using System.Net;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Lakehouse.ServiceDefaults.Tests.Resilience;

/// <summary>A service that fails on purpose, called through a default HttpClient of another service.</summary>
public sealed class StandardResilienceHandlerTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private WebApplication? _flaky;
    private WebApplication? _caller;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _flaky = LoopbackApp.CreateBuilder("lakehouse-flaky").Build();

        // Fails twice per key, then succeeds.
        _flaky.Map("/flaky/{key}", (string key) =>
            _attempts.AddOrUpdate(key, 1, (_, n) => n + 1) <= 2 ? Results.StatusCode(503) : Results.Ok("recovered"));
        _flaky.MapGet("/slow/{key}", async (string key, CancellationToken aborted) =>
        {
            _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            await Task.Delay(TimeSpan.FromMinutes(5), aborted);
            return "too late";
        });
        await _flaky.StartAsync(ct);

        // Attempts get far more time than a loaded machine needs, so only the hanging endpoint ever times out.
        _caller = await StartCallerAsync(attemptTimeout: "00:00:30", maxRetryAttempts: 3);
    }

    private async Task<WebApplication> StartCallerAsync(string attemptTimeout, int maxRetryAttempts)
    {
        var builder = LoopbackApp.CreateBuilder("lakehouse-caller", new Dictionary<string, string?>
        {
            ["Services:flaky:http:0"] = _flaky!.Address().ToString(),
            ["HttpClientDefaults:Resilience:RetryDelay"] = "00:00:00.050",
            ["HttpClientDefaults:Resilience:AttemptTimeout"] = attemptTimeout,
            ["HttpClientDefaults:Resilience:TotalRequestTimeout"] = "00:03:00",
            ["HttpClientDefaults:Resilience:MaxRetryAttempts"] = maxRetryAttempts.ToString(),
        });
        builder.AddServiceDefaults();
        var caller = builder.Build();
        await caller.StartAsync(TestContext.Current.CancellationToken);
        return caller;
    }

    private HttpClient Client => ClientOf(_caller!);

    private static HttpClient ClientOf(WebApplication caller) =>
        caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

    [Fact]
    public async Task Idempotent_request_is_retried_through_transient_failures()
    {
        using var response = await Client.GetAsync("http://flaky/flaky/get", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _attempts["get"]);
    }

    [Fact]
    public async Task Post_is_not_retried()
    {
        using var response = await Client.PostAsync("http://flaky/flaky/post", content: null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _attempts["post"]);
    }

    [Fact]
    public async Task Request_with_a_body_is_not_retried_even_when_idempotent()
    {
        using var response = await Client.PutAsync("http://flaky/flaky/put", new StringContent("x"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _attempts["put"]);
    }

    [Fact]
    public async Task Hanging_attempts_time_out_and_are_retried_until_the_attempts_run_out()
    {
        await using var impatient = await StartCallerAsync(attemptTimeout: "00:00:01", maxRetryAttempts: 2);

        await Assert.ThrowsAsync<TimeoutRejectedException>(
            () => ClientOf(impatient).GetAsync("http://flaky/slow/hang", TestContext.Current.CancellationToken));

        // The first attempt and 2 retries; each reached the service, which was waiting when the attempt was abandoned.
        await Poll.UntilAsync(() => _attempts.GetValueOrDefault("hang") == 3, "three attempts at the hanging endpoint");
    }

    [Fact]
    public async Task Invalid_settings_stop_the_service_at_startup_naming_the_setting()
    {
        var builder = LoopbackApp.CreateBuilder("lakehouse-misconfigured", new Dictionary<string, string?>
        {
            ["HttpClientDefaults:Resilience:MaxRetryAttempts"] = "-1",
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HttpClientDefaults:Resilience:MaxRetryAttempts", error.Message);
    }

    public async ValueTask DisposeAsync()
    {
        if (_caller is not null)
        {
            await _caller.DisposeAsync();
        }

        if (_flaky is not null)
        {
            await _flaky.DisposeAsync();
        }
    }
}
