namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Base class of every resource; checks the name against Aspire's rules.</summary>
public abstract class Resource : IResource
{
    protected Resource(string name)
    {
        ResourceName.Validate(name);
        Name = name;
    }

    public string Name { get; }

    public ResourceAnnotationCollection Annotations { get; } = [];

    public override string ToString() => Name;
}
