namespace Lakehouse.Hosting.OpenLdap;

/// <summary>PEM files of a directory's TLS certificate (with its chain) and private key, as absolute paths.</summary>
public sealed record OpenLdapTlsFiles(string CertificateFile, string KeyFile);
