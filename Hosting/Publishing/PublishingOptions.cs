using System.Text.RegularExpressions;

namespace Lakehouse.Hosting.Publishing;

/// <summary>How published resources find their images and storage in a cluster; bound from configuration <c>Publish</c>.</summary>
public sealed partial class PublishingOptions
{
    public const string SectionName = "Publish";

    /// <summary>Registry (and optional path) the project images are pushed to, e.g. <c>registry.example/lakehouse</c>. None: bare image names.</summary>
    public string? ContainerRegistry { get; set; }

    /// <summary>Tag of the project images.</summary>
    public string ContainerTag { get; set; } = "latest";

    /// <summary>Storage each persistent volume claim requests.</summary>
    public string VolumeSize { get; set; } = "1Gi";

    /// <summary>Throws with the configuration key to fix when a value cannot appear in an image reference or a quantity.</summary>
    public void Validate()
    {
        if (ContainerRegistry is { } registry && !RegistryPattern().IsMatch(registry))
        {
            throw new PublishingException($"Configuration '{SectionName}:{nameof(ContainerRegistry)}' = '{registry}' is not a registry such as 'registry.example:5000/lakehouse' (no scheme, no tag).");
        }

        if (!TagPattern().IsMatch(ContainerTag))
        {
            throw new PublishingException($"Configuration '{SectionName}:{nameof(ContainerTag)}' = '{ContainerTag}' is not an image tag (letters, digits, '_', '.', '-'; at most 128).");
        }

        if (!IsQuantity(VolumeSize))
        {
            throw new PublishingException($"Configuration '{SectionName}:{nameof(VolumeSize)}' = '{VolumeSize}' is not a storage quantity such as '1Gi' or '500Mi'.");
        }
    }

    /// <summary>Whether the text is a Kubernetes storage quantity such as <c>1Gi</c>.</summary>
    internal static bool IsQuantity(string value) => QuantityPattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")]
    private static partial Regex QuantityPattern();
}
