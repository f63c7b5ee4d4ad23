namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>A resource the emulator serves: its group, versions, plural and kind, and how its names are checked.</summary>
public sealed record ResourceInfo(string Group, IReadOnlyList<string> Versions, string Plural, string Kind, NameRule Names)
{
    /// <summary>How the API names the resource in messages: <c>pods</c>, <c>virtualservices.networking.istio.io</c>.</summary>
    public string Qualified => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static IReadOnlyList<ResourceInfo> All { get; } =
    [
        new("", ["v1"], "pods", "Pod", NameRule.Subdomain),
        new("", ["v1"], "services", "Service", NameRule.Rfc1035Label),
        new("", ["v1"], "events", "Event", NameRule.Subdomain),
        new("", ["v1"], "persistentvolumeclaims", "PersistentVolumeClaim", NameRule.Subdomain),
        new("", ["v1"], "configmaps", "ConfigMap", NameRule.Subdomain),
        new("networking.istio.io", ["v1", "v1beta1", "v1alpha3"], "virtualservices", "VirtualService", NameRule.Subdomain),
        new("networking.istio.io", ["v1", "v1beta1", "v1alpha3"], "gateways", "Gateway", NameRule.Subdomain),
    ];

    public static ResourceInfo? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Plural == plural && r.Versions.Contains(version));

    /// <summary>By its qualified name (<c>pods</c>, <c>virtualservices.networking.istio.io</c>), for test drivers.</summary>
    public static ResourceInfo Named(string qualified) =>
        All.FirstOrDefault(r => r.Qualified == qualified) ?? throw new ArgumentException($"The emulator has no resource '{qualified}'.");
}

public enum NameRule
{
    /// <summary>DNS-1123 subdomain: lowercase alphanumerics, '-' and '.', at most 253.</summary>
    Subdomain,

    /// <summary>DNS-1035 label (Services): lowercase alphanumerics and '-', starting with a letter, at most 63.</summary>
    Rfc1035Label,
}
