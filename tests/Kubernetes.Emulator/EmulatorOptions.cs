namespace Lakehouse.Kubernetes.Emulator;

/// <summary>How the emulated API server behaves; defaults suit fast tests.</summary>
public sealed record EmulatorOptions
{
    /// <summary>Serve HTTPS with a self-signed certificate (its PEM is <see cref="KubernetesApiEmulator.CertificateAuthorityPem"/>).</summary>
    public bool UseTls { get; init; }

    /// <summary>When set, every request needs <c>Authorization: Bearer</c> with it (401 otherwise).</summary>
    public string? BearerToken { get; init; }

    /// <summary>How many changes watches can replay; a watch from before them gets 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 1000;

    /// <summary>Between BOOKMARK events on watches that allow them.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a pod's containers take to stop after a graceful delete (never longer than its grace period).</summary>
    public TimeSpan PodTerminationDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
