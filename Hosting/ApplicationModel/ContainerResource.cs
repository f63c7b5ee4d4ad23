namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A container image. No container engine runs here, so in run mode it is published only and shown as NotStarted.</summary>
public class ContainerResource(string name, string image, string tag = "latest")
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public string Image { get; } = image;

    public string Tag { get; } = tag;
}
