namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Every resource the AppHost declared, in declaration order.</summary>
public sealed class DistributedApplicationModel(IReadOnlyList<IResource> resources)
{
    public IReadOnlyList<IResource> Resources { get; } = resources;

    public IResource? Find(string name) => Resources.FirstOrDefault(r => r.Name == name);
}
