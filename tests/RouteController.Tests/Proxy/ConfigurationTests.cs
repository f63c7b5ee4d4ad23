using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>Settings the proxy cannot work with stop it at start, naming the setting.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConfigurationTests(ProxyPlatform platform)
{
    [Theory]
    [InlineData("Lakehouse__ServiceTokens__RouteController", "", "Lakehouse:ServiceTokens:RouteController")]
    [InlineData("Lakehouse__ServiceTokens__RouteController", "short", "Lakehouse:ServiceTokens:RouteController")]
    [InlineData("Lakehouse__ApiToken", "short", "Lakehouse:ApiToken")]
    [InlineData("Proxy__BindAddress", "not an address", "Proxy:BindAddress")]
    [InlineData("Proxy__Domain", "bad domain!", "Proxy:Domain")]
    [InlineData("Proxy__MaxReconnectDelay", "00:00:00.010", "Proxy:MaxReconnectDelay")]
    [InlineData("Proxy__TlsCertificate", "/nonexistent/lakehouse-cert.pem", "Proxy:TlsCertificate")]
    [InlineData("Proxy__TlsKey", "/nonexistent/lakehouse-key.pem", "Proxy:TlsKey")]
    [InlineData("Proxy__PublicHubUrl", "ftp://hub.example", "Proxy:PublicHubUrl")]
    public async Task Bad_settings_stop_the_route_controller_with_a_clear_message(string key, string value, string named)
    {
        var settings = new Dictionary<string, string>
        {
            ["services__hub__http__0"] = platform.Hub.Url.ToString(),
            ["services__spawner__http__0"] = platform.Spawner.Url.ToString(),
            ["Lakehouse__ServiceTokens__RouteController"] = ProxyPlatform.ServiceToken,
            [key] = value,
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RouteControllerProcess.StartOnFreePortsAsync(settings));
        Assert.Contains("exited", error.Message);
        Assert.Contains(named, error.Message);
    }
}
