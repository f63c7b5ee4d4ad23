using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakehouse.Kubernetes.Models;

/// <summary>Source-generated JSON for the API's objects: camelCase, nulls left out (absent means "not set" to the API).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(KubernetesList<Pod>))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(KubernetesList<Service>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(KubernetesList<Event>))]
[JsonSerializable(typeof(PersistentVolumeClaim))]
[JsonSerializable(typeof(KubernetesList<PersistentVolumeClaim>))]
[JsonSerializable(typeof(VirtualService))]
[JsonSerializable(typeof(KubernetesList<VirtualService>))]
[JsonSerializable(typeof(Gateway))]
[JsonSerializable(typeof(KubernetesList<Gateway>))]
[JsonSerializable(typeof(GenericResource))]
[JsonSerializable(typeof(KubernetesList<GenericResource>))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(WatchEvent))]
[JsonSerializable(typeof(Client.DeleteOptions))]
public sealed partial class KubernetesJson : JsonSerializerContext;
