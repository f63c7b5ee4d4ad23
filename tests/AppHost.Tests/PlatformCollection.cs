namespace Lakehouse.AppHost.Tests;

/// <summary>One running platform shared by the browser tests, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<AppHostProcess>
{
    public const string Name = "platform";
}
