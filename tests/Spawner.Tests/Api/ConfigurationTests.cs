using Lakehouse.Spawner.Extensions;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.Spawner.Tests.Api;

/// <summary>A misconfigured spawner refuses to start and says why.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly StateFolder _state = new();

    [Theory]
    [InlineData("Lakehouse:StateDirectory", "", "No state folder: set Lakehouse:StateDirectory or LAKEHOUSE_STATE_DIR")]
    [InlineData("Lakehouse:StateDirectory", "relative/state", "must be an absolute path")]
    [InlineData("Lakehouse:HomesDirectory", "relative/homes", "Lakehouse:HomesDirectory must be an absolute path")]
    [InlineData("Lakehouse:ServiceTokens:Hub", "short", "Lakehouse:ServiceTokens:Hub is too short (5 characters, at least 16)")]
    [InlineData("Lakehouse:ServiceTokens:RouteController", SpawnerApp.HubToken, "must differ")]
    [InlineData("Spawner:StartTimeout", "00:00:00", "Spawner:StartTimeout must be positive")]
    [InlineData("Spawner:ProbeFallbackInterval", "00:00:00", "Spawner:ProbeFallbackInterval must be positive")]
    [InlineData("Spawner:FirstPort", "80", "unprivileged ports")]
    [InlineData("Spawner:JupyterPath", "jupyter", "must be an absolute path")]
    [InlineData("Spawner:ConcurrentBoots", "0", "Spawner:ConcurrentBoots must be at least 1, not 0")]
    [InlineData("Spawner:MinimumUid", "0", "Spawner:MinimumUid must be at least 1")]
    [InlineData("Spawner:MinimumGid", "0", "Spawner:MinimumGid must be at least 1")]
    public async Task ABadSetting_StopsTheStart_WithTheReason(string key, string value, string reason)
    {
        var error = await Lakehouse.Testing.ServiceStartFailure.OfAsync(new Dictionary<string, string?>
        {
            ["Lakehouse:StateDirectory"] = _state.Path,
            ["Lakehouse:ServiceTokens:Hub"] = SpawnerApp.HubToken,
            ["Lakehouse:ServiceTokens:RouteController"] = SpawnerApp.RouteControllerToken,
            [key] = value,
        }, builder =>
        {
            builder.AddServiceDefaults();
            builder.AddSpawnerServices();
        }, TestContext.Current.CancellationToken);

        Assert.Contains(reason, error.Message);
    }

    public void Dispose() => _state.Dispose();
}
