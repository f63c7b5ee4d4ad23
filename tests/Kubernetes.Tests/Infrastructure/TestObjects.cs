using Lakehouse.Kubernetes.Models;

namespace Lakehouse.Kubernetes.Tests.Infrastructure;

/// <summary>Small valid objects for the tests.</summary>
internal static class TestObjects
{
    public static Pod Pod(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels },
        Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "busybox" }] },
    };

    public static Service Service(string name, params OwnerReference[] owners) => new()
    {
        Metadata = new ObjectMeta { Name = name, OwnerReferences = owners.Length == 0 ? null : owners },
        Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80 }] },
    };
}
