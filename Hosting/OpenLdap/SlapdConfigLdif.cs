namespace Lakehouse.Hosting.OpenLdap;

/// <summary>The private cn=config of a slapd, loaded with <c>slapadd -n 0</c> before each start.</summary>
internal static class SlapdConfigLdif
{
    private const string ModuleDirectory = "/usr/lib/ldap";
    private const string SchemaDirectory = "/etc/ldap/schema";

    /// <summary>Debian's schema files: the four that inetOrgPerson, posixAccount and posixGroup need.</summary>
    private static readonly string[] Schemas = ["core", "cosine", "nis", "inetorgperson"];

    public static string Create(OpenLdapLayout layout, string baseDn, string rootDn, string rootPasswordHash, OpenLdapTlsFiles? tls)
    {
        var ldif = new LdifBuilder()
            .Entry("cn=config")
            .Attribute("objectClass", "olcGlobal")
            .Attribute("cn", "config")
            .Attribute("olcPidFile", layout.PidFile)
            .Attribute("olcArgsFile", layout.ArgsFile)
            // Health probes connect every few seconds; per-operation logging would drown the console.
            .Attribute("olcLogLevel", "none");
        if (tls is not null)
        {
            // Serves ldaps:// and StartTLS on ldap://; clients are not asked for certificates.
            ldif.Attribute("olcTLSCertificateFile", tls.CertificateFile)
                .Attribute("olcTLSCertificateKeyFile", tls.KeyFile);
        }

        ldif.Entry("cn=module{0},cn=config")
            .Attribute("objectClass", "olcModuleList")
            .Attribute("cn", "module{0}")
            .Attribute("olcModulePath", ModuleDirectory)
            .Attribute("olcModuleLoad", "back_mdb")
            .Entry("cn=schema,cn=config")
            .Attribute("objectClass", "olcSchemaConfig")
            .Attribute("cn", "schema");
        foreach (var schema in Schemas)
        {
            ldif.Include(Path.Combine(SchemaDirectory, schema + ".ldif"));
        }

        ldif.Entry("olcDatabase={-1}frontend,cn=config")
            .Attribute("objectClass", "olcDatabaseConfig")
            .Attribute("objectClass", "olcFrontendConfig")
            .Attribute("olcDatabase", "{-1}frontend")
            .Attribute("olcPasswordHash", "{SSHA}")
            // No access rule and no root DN: nobody changes cn=config over the wire (it is regenerated anyway).
            .Entry("olcDatabase={0}config,cn=config")
            .Attribute("objectClass", "olcDatabaseConfig")
            .Attribute("olcDatabase", "{0}config")
            .Entry("olcDatabase={1}mdb,cn=config")
            .Attribute("objectClass", "olcDatabaseConfig")
            .Attribute("objectClass", "olcMdbConfig")
            .Attribute("olcDatabase", "{1}mdb")
            .Attribute("olcDbDirectory", layout.DatabaseDirectory)
            .Attribute("olcSuffix", baseDn)
            .Attribute("olcRootDN", rootDn)
            .Attribute("olcRootPW", rootPasswordHash)
            .Attributes("olcDbIndex", "objectClass eq", "uid,cn,memberUid eq", "uidNumber,gidNumber eq")
            // Password hashes: written by their owner, used by anonymous binds, read by nobody else.
            // Everything else is readable by authenticated users only: an anonymous client cannot list people.
            .Attributes(
                "olcAccess",
                "{0}to attrs=userPassword by self write by anonymous auth by * none",
                "{1}to attrs=shadowLastChange by self write by users read by * none",
                "{2}to * by users read by * none");
        return ldif.ToString();
    }
}
