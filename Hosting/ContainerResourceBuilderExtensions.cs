using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

public static class ContainerResourceBuilderExtensions
{
    /// <summary>Adds a container image. No engine runs locally, so it is published for the cluster only.</summary>
    public static IResourceBuilder<ContainerResource> AddContainer(this IDistributedApplicationBuilder builder, string name, string image, string tag = "latest") =>
        builder.AddResource(new ContainerResource(name, image, tag))
            .WithAnnotation(new ContainerImageAnnotation(image, tag));
}
