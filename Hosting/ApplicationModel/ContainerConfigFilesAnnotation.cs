namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// Files a container reads from a folder (a realm import, a configuration file). In a cluster they become a ConfigMap
/// <c>{name}-files</c> mounted read-only at <see cref="MountPath"/>; they hold no secrets (those go through the
/// environment, e.g. as placeholders the program resolves).
/// </summary>
public sealed record ContainerConfigFilesAnnotation(string MountPath, IReadOnlyDictionary<string, string> Files) : IResourceAnnotation;
