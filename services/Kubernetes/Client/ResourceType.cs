using System.Text.Json.Serialization.Metadata;
using Lakehouse.Kubernetes.Models;

namespace Lakehouse.Kubernetes.Client;

/// <summary>
/// A kind of object as the API addresses it: <c>/api/v1</c> for the core group, <c>/apis/{group}/{version}</c> for
/// the others; <c>namespaces/{ns}/{plural}</c>; and how its objects and lists are (de)serialized.
/// </summary>
public sealed record ResourceType<T>(
    string Group,
    string Version,
    string Plural,
    string Kind,
    JsonTypeInfo<T> ObjectJson,
    JsonTypeInfo<KubernetesList<T>> ListJson)
    where T : KubernetesObject
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection's path, in a namespace or across all of them (null).</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return ns is null ? $"{root}/{Plural}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}";
    }

    public string ObjectPath(string ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
}

/// <summary>The resources this platform uses.</summary>
public static class ResourceTypes
{
    public const string IstioNetworkingGroup = "networking.istio.io";

    public static ResourceType<Pod> Pods { get; } =
        new("", "v1", "pods", "Pod", KubernetesJson.Default.Pod, KubernetesJson.Default.KubernetesListPod);

    public static ResourceType<Service> Services { get; } =
        new("", "v1", "services", "Service", KubernetesJson.Default.Service, KubernetesJson.Default.KubernetesListService);

    public static ResourceType<Event> Events { get; } =
        new("", "v1", "events", "Event", KubernetesJson.Default.Event, KubernetesJson.Default.KubernetesListEvent);

    public static ResourceType<PersistentVolumeClaim> PersistentVolumeClaims { get; } =
        new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim",
            KubernetesJson.Default.PersistentVolumeClaim, KubernetesJson.Default.KubernetesListPersistentVolumeClaim);

    public static ResourceType<VirtualService> VirtualServices { get; } =
        new(IstioNetworkingGroup, "v1beta1", "virtualservices", "VirtualService",
            KubernetesJson.Default.VirtualService, KubernetesJson.Default.KubernetesListVirtualService);

    public static ResourceType<Gateway> Gateways { get; } =
        new(IstioNetworkingGroup, "v1beta1", "gateways", "Gateway", KubernetesJson.Default.Gateway, KubernetesJson.Default.KubernetesListGateway);

    /// <summary>Any other resource, its objects kept as JSON.</summary>
    public static ResourceType<GenericResource> Custom(string group, string version, string plural, string kind) =>
        new(group, version, plural, kind, KubernetesJson.Default.GenericResource, KubernetesJson.Default.KubernetesListGenericResource);
}
