namespace Lakehouse.LogShipper.Options;

/// <summary>How a file's owner is known from its path.</summary>
public enum SourceKind
{
    /// <summary><c>{service}.log</c>: a service's console log, as the AppHost writes it.</summary>
    Service,

    /// <summary><c>{user}.log</c>: a user's server log, as the spawner writes it.</summary>
    Server,

    /// <summary><c>.../{namespace}_{pod}_{uid}/{container}/N.log</c>: the kubelet's layout on a node.</summary>
    Pod,
}
