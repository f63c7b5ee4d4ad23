namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>
/// The OpenLDAP command-line clients (ldap-utils), as an operator would use them. Passwords go through a private
/// file (<c>-y</c>), never on a command line.
/// </summary>
internal static class LdapUtils
{
    /// <summary>ldapwhoami: exit 0 and <c>dn:…</c> on a good bind, exit 49 on bad credentials.</summary>
    public static Task<Tool.Result> WhoAmIAsync(string uri, string dn, string password, CancellationToken cancellationToken) =>
        WithPasswordFileAsync(password, file => Tool.RunAsync("ldapwhoami", ["-x", "-H", uri, "-D", dn, "-y", file], cancellationToken));

    /// <summary>ldapsearch, bound as <paramref name="dn"/> or anonymous; LDIF without comments or wrapping.</summary>
    public static Task<Tool.Result> SearchAsync(
        string uri, (string Dn, string Password)? bind, string searchBase, string filter, CancellationToken cancellationToken, params string[] attributes)
    {
        string[] common = ["-x", "-LLL", "-o", "ldif-wrap=no", "-H", uri, "-b", searchBase, filter, .. attributes];
        return bind is { } b
            ? WithPasswordFileAsync(b.Password, file => Tool.RunAsync("ldapsearch", ["-D", b.Dn, "-y", file, .. common], cancellationToken))
            : Tool.RunAsync("ldapsearch", common, cancellationToken);
    }

    /// <summary>ldapadd with the LDIF on stdin.</summary>
    public static Task<Tool.Result> AddAsync(string uri, string dn, string password, string ldif, CancellationToken cancellationToken) =>
        WithPasswordFileAsync(password, file => Tool.RunAsync("ldapadd", ["-x", "-H", uri, "-D", dn, "-y", file], cancellationToken, ldif));

    private static async Task<Tool.Result> WithPasswordFileAsync(string password, Func<string, Task<Tool.Result>> run)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lh-ldap-pw-{Guid.NewGuid():N}");
        await using (var stream = new FileStream(file, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(stream))
        {
            // The whole file is the password: no trailing newline.
            await writer.WriteAsync(password);
        }

        try
        {
            return await run(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
