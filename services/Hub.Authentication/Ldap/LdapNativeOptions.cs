using System.DirectoryServices.Protocols;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// Sets OpenLDAP options that System.DirectoryServices.Protocols does not expose on Linux, on the connection's
/// native handle:
/// <list type="bullet">
/// <item>LDAP_OPT_TIMEOUT: the package binds with OpenLDAP's synchronous call, which waits forever for a server that
/// accepted the connection but never answers; one hung directory would hold a hub thread per login.</item>
/// <item>LDAP_OPT_RESTART: without it a signal landing on the thread that waits for the server (a child's SIGCHLD,
/// say) ends the wait with "server down" instead of resuming it.</item>
/// <item>the server's URI before StartTLS, which the package would otherwise send to the default host.</item>
/// <item>the TLS trust (a CA file, certificates always checked): the package offers only a CA folder and no way to
/// demand a valid certificate whatever the machine's ldap.conf says.</item>
/// </list>
/// </summary>
internal static class LdapNativeOptions
{
    /// <summary>OpenLDAP's LDAP_OPT_TIMEOUT: the default timeout of synchronous API calls.</summary>
    private const int OptionTimeout = 0x5002;

    /// <summary>LDAP_OPT_RESTART: resume a wait that a signal interrupted.</summary>
    private const int OptionRestart = 0x0009;

    /// <summary>LDAP_OPT_URI.</summary>
    private const int OptionUri = 0x5006;

    private const int OptionTlsCaCertificateFile = 0x6002;
    private const int OptionTlsRequireCertificate = 0x6006;
    private const int OptionTlsNewContext = 0x600F;

    /// <summary>LDAP_OPT_X_TLS_DEMAND: no certificate, or one that does not verify or name the host, ends the session.</summary>
    private const int TlsDemand = 2;

    /// <summary>The names OpenLDAP's client library has across distributions, newest first.</summary>
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];

    private static readonly FieldInfo? HandleField =
        typeof(LdapConnection).GetField("_ldapHandle", BindingFlags.NonPublic | BindingFlags.Instance);

    private static readonly Lazy<IntPtr> SetOptionExport = new(LoadSetOption);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetTimevalOption(IntPtr ld, int option, ref Timeval value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetIntOption(IntPtr ld, int option, ref int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetStringOption(IntPtr ld, int option, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    /// <summary>Returns false when the handle or the library cannot be reached (another package version or platform).</summary>
    public static bool TrySetTimeout(LdapConnection connection, TimeSpan timeout)
    {
        var value = new Timeval((nint)timeout.TotalSeconds, timeout.Microseconds + (timeout.Milliseconds * 1000));
        return TrySet<SetTimevalOption>(connection, (set, ld) => set(ld, OptionTimeout, ref value));
    }

    /// <summary>Lets a wait for the server resume after a signal; OpenLDAP reads any non-null value as on.</summary>
    public static bool TrySetRestart(LdapConnection connection)
    {
        var on = 1;
        return TrySet<SetIntOption>(connection, (set, ld) => set(ld, OptionRestart, ref on));
    }

    /// <summary>
    /// Demands a valid certificate for the server's name, trusting <paramref name="caCertificateFile"/> when given
    /// (else the system's trust), in a TLS context of this connection's own.
    /// </summary>
    public static bool TrySetTlsTrust(LdapConnection connection, string? caCertificateFile)
    {
        var demand = TlsDemand;
        var newContext = 0;
        return TrySet<SetIntOption>(connection, (set, ld) => set(ld, OptionTlsRequireCertificate, ref demand))
               && (caCertificateFile is null
                   || TrySet<SetStringOption>(connection, (set, ld) => set(ld, OptionTlsCaCertificateFile, caCertificateFile)))
               // The new context is built from the options above; without it the process-wide one would be used.
               && TrySet<SetIntOption>(connection, (set, ld) => set(ld, OptionTlsNewContext, ref newContext));
    }

    /// <summary>
    /// Points the handle at the server before the first operation. On Linux the package sets the URI only when it
    /// first binds or searches, so a StartTLS sent before that would go to the library's default host instead.
    /// </summary>
    public static bool TrySetUri(LdapConnection connection, string uri) =>
        TrySet<SetStringOption>(connection, (set, ld) => set(ld, OptionUri, uri));

    private static bool TrySet<TDelegate>(LdapConnection connection, Func<TDelegate, IntPtr, int> call)
        where TDelegate : Delegate
    {
        if (SetOptionExport.Value == IntPtr.Zero || HandleField?.GetValue(connection) is not SafeHandle { IsInvalid: false } handle)
        {
            return false;
        }

        var setOption = Marshal.GetDelegateForFunctionPointer<TDelegate>(SetOptionExport.Value);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return call(setOption, handle.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static IntPtr LoadSetOption()
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
            {
                return export;
            }
        }

        return IntPtr.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timeval(nint Seconds, nint Microseconds);
}
