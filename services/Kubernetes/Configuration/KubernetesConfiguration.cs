using System.Security.Cryptography.X509Certificates;

namespace Lakehouse.Kubernetes.Configuration;

/// <summary>
/// Where the API server is and how to prove who we are: its CA (when not given, the system's trust store), a client
/// certificate and/or a bearer token (or a token file, re-read on each request because service-account tokens
/// rotate), and the namespace to work in.
/// </summary>
public sealed record KubernetesConfiguration
{
    public const string DefaultNamespace = "default";

    public required Uri Server { get; init; }

    public X509Certificate2Collection? CertificateAuthority { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    public string? Token { get; init; }

    public string? TokenFile { get; init; }

    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>Only when a kubeconfig asks for it (<c>insecure-skip-tls-verify</c>); never by default.</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>The bearer token to send now, if any.</summary>
    public string? CurrentToken() => TokenFile is { } file ? File.ReadAllText(file).Trim() : Token;

    public override string ToString() => $"{Server} (namespace {Namespace})";
}
