using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakehouse.Kubernetes.Models;

/// <summary>Any other kind (a custom resource without a model): metadata typed, everything else kept as JSON.</summary>
public sealed record GenericResource : KubernetesObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }
}
