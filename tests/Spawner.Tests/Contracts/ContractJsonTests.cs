using System.Text.Json;
using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Tests.Contracts;

/// <summary>The contracts' JSON is source-generated (for native builds) and keeps the shape it had with reflection.</summary>
public sealed class ContractJsonTests
{
    private static readonly ServerStatus Pending = new("alice", ServerState.Pending, StartedAt: new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));

    private const string PendingJson = """{"name":"alice","state":"pending","startedAt":"2026-01-31T12:00:00+00:00"}""";

    [Fact]
    public void AStatus_IsCamelCase_WithItsStateAsAWord_AndNoAbsentFields()
    {
        Assert.Equal(PendingJson, JsonSerializer.Serialize(Pending, ContractJson.Options));
    }

    [Fact]
    public void OptionsGivenTheContractSettings_WriteTheSameJson()
    {
        var options = new JsonSerializerOptions();
        ContractJson.Apply(options);

        Assert.Equal(PendingJson, JsonSerializer.Serialize(Pending, options));
    }

    [Fact]
    public void AStartRequest_IsReadInAnyCase_WithItsGroups()
    {
        var request = JsonSerializer.Deserialize<StartServerRequest>(
            """{"Identity":{"NAME":"alice","uid":10001,"gid":"10001","groups":[{"name":"data","gid":20000}]},"environment":{"A":"b"}}""",
            ContractJson.Options)!;

        Assert.Equal(new GroupMembership("data", 20000), Assert.Single(request.Identity.Groups));
        Assert.Equal(("alice", 10001, 10001), (request.Identity.Name, request.Identity.Uid, request.Identity.Gid));
        Assert.Equal("b", request.Environment!["A"]);
    }

    [Fact]
    public void ATypeThatIsNoContract_IsRefused_NotSerializedByReflection()
    {
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new { name = "alice" }, ContractJson.Options));
    }

    [Fact]
    public void TheSharedOptions_CannotBeChanged()
    {
        Assert.Throws<InvalidOperationException>(() => ContractJson.Options.WriteIndented = true);
    }
}
