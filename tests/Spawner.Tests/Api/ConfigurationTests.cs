using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Tests.Api;

/// <summary>A misconfigured spawner refuses to start and says why.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly StateFolder _state = new();

    [Theory]
    [InlineData("Lakehouse:StateDirectory", "", "No state folder: set Lakehouse:StateDirectory or LAKEHOUSE_STATE_DIR")]
    [InlineData("Lakehouse:StateDirectory", "relative/state", "must be an absolute path")]
    [InlineData("Lakehouse:ServiceTokens:Hub", "short", "Lakehouse:ServiceTokens:Hub is too short (5 characters, at least 16)")]
    [InlineData("Lakehouse:ServiceTokens:RouteController", SpawnerApp.HubToken, "must differ")]
    [InlineData("Spawner:StartTimeout", "00:00:00", "Spawner:StartTimeout must be positive")]
    [InlineData("Spawner:FirstPort", "80", "unprivileged ports")]
    [InlineData("Spawner:JupyterPath", "jupyter", "must be an absolute path")]
    public async Task ABadSetting_StopsTheStart_WithTheReason(string key, string value, string reason)
    {
        var app = new SpawnerApp(_state, new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient(null));

        Assert.Contains(reason, error.Message);
        await DisposeUnstartedAsync(app);
    }

    private static async Task DisposeUnstartedAsync(SpawnerApp app)
    {
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception e) when (e is OptionsValidationException or ObjectDisposedException)
        {
            // The host never started; disposing it reports the same failure again.
        }
    }

    public void Dispose() => _state.Dispose();
}
