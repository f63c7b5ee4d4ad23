namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>One rule of a Kubernetes Role: these verbs on these resources of one API group (<c>""</c> is the core group).</summary>
public sealed record KubernetesPolicyRule(string ApiGroup, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs)
{
    public static KubernetesPolicyRule Core(string resource, params string[] verbs) => new("", [resource], verbs);

    public static KubernetesPolicyRule For(string apiGroup, string resource, params string[] verbs) => new(apiGroup, [resource], verbs);
}

/// <summary>
/// What the resource's ServiceAccount may do in a namespace (null: the platform's own). Published as a Role and a
/// RoleBinding there; a resource without any gets a ServiceAccount whose token is never mounted.
/// </summary>
public sealed record KubernetesRoleAnnotation(object? Namespace, IReadOnlyList<KubernetesPolicyRule> Rules) : IResourceAnnotation;
