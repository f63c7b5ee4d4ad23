using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Tests;

public sealed class ParameterStateStoreTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("lakehouse-parameter-tests-").FullName;

    [Fact]
    public void A_generated_secret_is_kept_owner_only_and_returned_again_by_a_new_run()
    {
        var first = new ParameterStateStore(_state).GetOrCreate("api-token", new GenerateParameterDefault());
        var again = new ParameterStateStore(_state).GetOrCreate("api-token", new GenerateParameterDefault());
        var other = new ParameterStateStore(_state).GetOrCreate("demo-password", new GenerateParameterDefault());

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(first.Length >= 22);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_state, "parameters.json")));
        Assert.False(File.Exists(Path.Combine(_state, "parameters.json.tmp")));
    }

    [Fact]
    public async Task Runs_racing_for_the_same_secret_all_get_one_value()
    {
        var values = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => new ParameterStateStore(_state).GetOrCreate("hub-service-token", new GenerateParameterDefault()))));

        Assert.Single(values.Distinct());
    }

    [Fact]
    public void A_damaged_state_file_is_reported_not_silently_replaced()
    {
        File.WriteAllText(Path.Combine(_state, "parameters.json"), "{ not json");

        var error = Assert.Throws<InvalidOperationException>(() => new ParameterStateStore(_state).GetOrCreate("api-token", new GenerateParameterDefault()));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal("{ not json", File.ReadAllText(Path.Combine(_state, "parameters.json")));
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
