namespace Lakehouse.Hosting.OpenLdap;

/// <summary>
/// Prepares a private slapd before each start: a fresh cn=config (so the root password and settings always follow
/// the AppHost), and the demo data seeded once into an empty database. Existing data is never replaced.
/// </summary>
internal static class OpenLdapDirectoryInitializer
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Returns whether the demo users log in with <paramref name="demoPassword"/>: true when just seeded, false when an
    /// existing directory was seeded with another one, null when the first demo user is gone.
    /// </summary>
    public static async Task<bool?> PrepareAsync(
        OpenLdapLayout layout, string baseDn, string rootDn, string adminPassword, string demoPassword, OpenLdapTlsFiles? tls,
        CancellationToken cancellationToken)
    {
        EnsureInstalled(SlapdTools.Slapd, SlapdTools.Slapadd, SlapdTools.Slapcat);
        Directory.CreateDirectory(layout.DataDirectory, PrivateDirectory);
        Directory.CreateDirectory(layout.DatabaseDirectory, PrivateDirectory);
        // A socket left by a killed slapd would make the next one fail to listen on ldapi.
        File.Delete(layout.SocketPath);

        await WriteConfigAsync(layout, baseDn, rootDn, adminPassword, tls, cancellationToken);
        if (!await IsEmptyAsync(layout, baseDn, cancellationToken))
        {
            return await DemoPasswordMatchesAsync(layout, baseDn, demoPassword, cancellationToken);
        }

        await SeedAsync(layout, baseDn, demoPassword, cancellationToken);
        return true;
    }

    /// <summary>
    /// Creates the read-only service account, or sets its password to <paramref name="password"/>: unlike the demo
    /// data, it follows its parameter at every start, as the root password does.
    /// </summary>
    public static async Task EnsureReaderAsync(OpenLdapLayout layout, string baseDn, string readerDn, string password, CancellationToken cancellationToken)
    {
        EnsureInstalled(SlapdTools.Slapmodify);
        var existing = await SlapdTools.RunAsync(
            SlapdTools.Slapcat, ["-F", layout.ConfigDirectory, "-b", baseDn, "-H", $"ldap:///{readerDn}??base"], input: null, cancellationToken);
        var hash = SshaPassword.Hash(password);
        if (existing.Trim().Length == 0)
        {
            var entry = new LdifBuilder()
                .Entry(readerDn)
                .Attributes("objectClass", "organizationalRole", "simpleSecurityObject")
                .Attribute("cn", "reader")
                .Attribute("description", "Read-only service account: looks people and groups up, never reads passwords")
                .Attribute("userPassword", hash);
            await SlapdTools.RunAsync(SlapdTools.Slapadd, ["-F", layout.ConfigDirectory, "-b", baseDn], entry.ToString(), cancellationToken);
            return;
        }

        var change = new LdifBuilder()
            .Entry(readerDn)
            .Attribute("changetype", "modify")
            .Attribute("replace", "userPassword")
            .Attribute("userPassword", hash)
            .ToString() + "-\n";
        await SlapdTools.RunAsync(SlapdTools.Slapmodify, ["-F", layout.ConfigDirectory, "-b", baseDn], change, cancellationToken);
    }

    public static void EnsureInstalled(params string[] tools)
    {
        if (tools.FirstOrDefault(tool => !File.Exists(tool)) is { } missing)
        {
            throw new DistributedApplicationException($"OpenLDAP is not installed ({missing} is missing): {SlapdTools.InstallHint}");
        }
    }

    /// <summary>Builds the new cn=config beside the old one and swaps them, so a failure leaves the old one in place.</summary>
    private static async Task WriteConfigAsync(
        OpenLdapLayout layout, string baseDn, string rootDn, string adminPassword, OpenLdapTlsFiles? tls, CancellationToken cancellationToken)
    {
        var next = layout.ConfigDirectory + ".next";
        var previous = layout.ConfigDirectory + ".previous";
        DeleteIfExists(next);
        DeleteIfExists(previous);
        Directory.CreateDirectory(next, PrivateDirectory);

        var ldif = SlapdConfigLdif.Create(layout, baseDn, rootDn, SshaPassword.Hash(adminPassword), tls);
        await SlapdTools.RunAsync(SlapdTools.Slapadd, ["-n", "0", "-F", next], ldif, cancellationToken);

        if (Directory.Exists(layout.ConfigDirectory))
        {
            Directory.Move(layout.ConfigDirectory, previous);
        }

        Directory.Move(next, layout.ConfigDirectory);
        DeleteIfExists(previous);
    }

    /// <summary>Empty when there is no database file yet, or when the suffix entry itself is missing.</summary>
    private static async Task<bool> IsEmptyAsync(OpenLdapLayout layout, string baseDn, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(layout.DatabaseDirectory, "data.mdb")))
        {
            return true;
        }

        var suffix = await SlapdTools.RunAsync(
            SlapdTools.Slapcat, ["-F", layout.ConfigDirectory, "-b", baseDn, "-H", $"ldap:///{baseDn}??base"], input: null, cancellationToken);
        return suffix.Trim().Length == 0;
    }

    /// <summary>Checks the password against the first demo user's stored hash, read offline with slapcat.</summary>
    private static async Task<bool?> DemoPasswordMatchesAsync(OpenLdapLayout layout, string baseDn, string demoPassword, CancellationToken cancellationToken)
    {
        var dn = $"uid={OpenLdapDemoData.Users[0].Name},ou=people,{baseDn}";
        var ldif = await SlapdTools.RunAsync(
            SlapdTools.Slapcat, ["-F", layout.ConfigDirectory, "-b", baseDn, "-o", "ldif-wrap=no", "-H", $"ldap:///{dn}??base"], input: null, cancellationToken);
        var hashes = ldif.Split('\n')
            .Where(line => line.StartsWith("userPassword:: ", StringComparison.Ordinal))
            .Select(line => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(line["userPassword:: ".Length..].Trim())))
            .ToList();
        return hashes.Count == 0 ? null : hashes.Any(hash => SshaPassword.Verify(demoPassword, hash));
    }

    private static async Task SeedAsync(OpenLdapLayout layout, string baseDn, string demoPassword, CancellationToken cancellationToken)
    {
        var hadDatabase = File.Exists(Path.Combine(layout.DatabaseDirectory, "data.mdb"));
        try
        {
            await SlapdTools.RunAsync(
                SlapdTools.Slapadd, ["-F", layout.ConfigDirectory, "-b", baseDn], DirectorySeedLdif.Create(baseDn, demoPassword), cancellationToken);
        }
        catch when (!hadDatabase)
        {
            // Leave no half-seeded database behind: the next start seeds again from scratch.
            foreach (var file in Directory.EnumerateFiles(layout.DatabaseDirectory, "*.mdb"))
            {
                File.Delete(file);
            }

            throw;
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
