using Lakehouse.ServiceDefaults.ServiceDiscovery;
using Microsoft.Extensions.Configuration;

namespace Lakehouse.ServiceDefaults.Tests.ServiceDiscovery;

public sealed class ServiceEndpointResolverTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static ServiceEndpointResolver Resolver(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build());

    private static readonly (string, string)[] HttpAndHttps =
    [
        ("Services:hub:http:0", "http://127.0.0.1:5001"),
        ("Services:hub:https:0", "https://127.0.0.1:5002"),
    ];

    [Fact]
    public async Task Http_address_resolves_to_the_http_endpoint_keeping_path_and_query()
    {
        var resolved = await Resolver(HttpAndHttps).ResolveAsync(new Uri("http://hub/hub/api/users?limit=5"), None);

        Assert.Equal(new Uri("http://127.0.0.1:5001/hub/api/users?limit=5"), resolved);
    }

    [Fact]
    public async Task Https_address_resolves_to_the_https_endpoint()
    {
        var resolved = await Resolver(HttpAndHttps).ResolveAsync(new Uri("https://hub/x"), None);

        Assert.Equal(new Uri("https://127.0.0.1:5002/x"), resolved);
    }

    [Fact]
    public async Task Https_plus_http_prefers_https()
    {
        var resolved = await Resolver(HttpAndHttps).ResolveAsync(new Uri("https+http://hub/x"), None);

        Assert.Equal(new Uri("https://127.0.0.1:5002/x"), resolved);
    }

    [Fact]
    public async Task Https_plus_http_falls_back_to_http_when_only_http_is_configured()
    {
        var resolver = Resolver(("Services:hub:http:0", "http://127.0.0.1:5001"));

        var resolved = await resolver.ResolveAsync(new Uri("https+http://hub/x"), None);

        Assert.Equal(new Uri("http://127.0.0.1:5001/x"), resolved);
    }

    [Fact]
    public async Task Named_endpoint_is_picked_by_underscore_prefix()
    {
        var resolver = Resolver([.. HttpAndHttps, ("Services:hub:admin:0", "http://127.0.0.1:6000")]);

        var resolved = await resolver.ResolveAsync(new Uri("http://_admin.hub/metrics"), None);

        Assert.Equal(new Uri("http://127.0.0.1:6000/metrics"), resolved);
    }

    [Fact]
    public async Task The_only_endpoint_is_used_when_none_is_named_after_the_scheme()
    {
        var resolver = Resolver(("Services:hub:api:0", "http://127.0.0.1:7000"));

        var resolved = await resolver.ResolveAsync(new Uri("http://hub/"), None);

        Assert.Equal(new Uri("http://127.0.0.1:7000/"), resolved);
    }

    [Fact]
    public async Task Https_is_never_downgraded_to_an_http_only_service()
    {
        var resolver = Resolver(("Services:hub:http:0", "http://127.0.0.1:5001"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await resolver.ResolveAsync(new Uri("https://hub/"), None));

        Assert.Contains("'hub'", error.Message);
        Assert.Contains("https", error.Message);
    }

    [Fact]
    public async Task Several_indices_are_used_in_turn()
    {
        var resolver = Resolver(
            ("Services:hub:http:0", "http://127.0.0.1:5001"),
            ("Services:hub:http:1", "http://127.0.0.1:5002"),
            ("Services:hub:http:2", "http://127.0.0.1:5003"));

        var ports = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            ports.Add((await resolver.ResolveAsync(new Uri("http://hub/"), None)).Port);
        }

        Assert.Equal([5001, 5002, 5003, 5001, 5002, 5003], ports);
    }

    [Fact]
    public async Task Unconfigured_service_is_left_to_dns()
    {
        var resolver = Resolver(HttpAndHttps);

        Assert.Equal(new Uri("http://spawner/api"), await resolver.ResolveAsync(new Uri("http://spawner/api"), None));
        Assert.Equal(new Uri("http://spawner:8080/api"), await resolver.ResolveAsync(new Uri("http://spawner:8080/api"), None));
    }

    [Fact]
    public async Task Unconfigured_composite_scheme_is_narrowed_to_the_preferred_scheme()
    {
        var resolved = await Resolver().ResolveAsync(new Uri("https+http://spawner:8443/api"), None);

        Assert.Equal(new Uri("https://spawner:8443/api"), resolved);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("127.0.0.1:5001")]
    [InlineData("http://user:secret@127.0.0.1:5001")]
    public async Task Malformed_value_names_its_key_and_not_its_value(string value)
    {
        var resolver = Resolver(("Services:hub:http:0", value));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await resolver.ResolveAsync(new Uri("http://hub/"), None));

        Assert.Contains("Services:hub:http:0", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task Non_numeric_index_names_its_key()
    {
        var resolver = Resolver(("Services:hub:http:first", "http://127.0.0.1:5001"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await resolver.ResolveAsync(new Uri("http://hub/"), None));

        Assert.Contains("Services:hub:http:first", error.Message);
    }

    [Fact]
    public async Task Missing_named_endpoint_is_an_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await Resolver(HttpAndHttps).ResolveAsync(new Uri("http://_admin.hub/"), None));

        Assert.Contains("Services:hub:admin", error.Message);
    }

    [Fact]
    public async Task Reloaded_configuration_applies_to_the_next_resolution()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("Services:hub:http:0", (string?)"http://127.0.0.1:5001")])
            .Build();
        var resolver = new ServiceEndpointResolver(configuration);
        Assert.Equal(5001, (await resolver.ResolveAsync(new Uri("http://hub/"), None)).Port);

        configuration["Services:hub:http:0"] = "http://127.0.0.1:5009";
        configuration.Reload();

        Assert.Equal(5009, (await resolver.ResolveAsync(new Uri("http://hub/"), None)).Port);
    }

    [Fact]
    public async Task Aspire_environment_variable_form_is_read()
    {
        // A name unique to this test, so the process-wide variable cannot affect anything else.
        var service = $"envtest{Guid.NewGuid():N}";
        var variable = $"services__{service}__http__0";
        Environment.SetEnvironmentVariable(variable, "http://127.0.0.1:5050");
        try
        {
            var resolver = new ServiceEndpointResolver(new ConfigurationBuilder().AddEnvironmentVariables().Build());

            var resolved = await resolver.ResolveAsync(new Uri($"http://{service}/ping"), None);

            Assert.Equal(new Uri("http://127.0.0.1:5050/ping"), resolved);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
