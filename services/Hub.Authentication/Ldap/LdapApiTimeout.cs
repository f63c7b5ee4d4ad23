using System.DirectoryServices.Protocols;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// Gives a connection's synchronous operations (the bind above all) a client-side timeout. On Linux,
/// System.DirectoryServices.Protocols binds with OpenLDAP's synchronous call, which waits forever for a server that
/// accepted the connection but never answers: one hung directory would hold a hub thread per login. OpenLDAP's
/// LDAP_OPT_TIMEOUT bounds that wait, but the package does not expose it, so it is set on the connection's native
/// handle here.
/// </summary>
internal static class LdapApiTimeout
{
    /// <summary>OpenLDAP's LDAP_OPT_TIMEOUT: the default timeout of synchronous API calls.</summary>
    private const int OptionTimeout = 0x5002;

    /// <summary>The names OpenLDAP's client library has across distributions, newest first.</summary>
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];

    private static readonly FieldInfo? HandleField =
        typeof(LdapConnection).GetField("_ldapHandle", BindingFlags.NonPublic | BindingFlags.Instance);

    private static readonly Lazy<SetOptionFunction?> SetOption = new(LoadSetOption);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetOptionFunction(IntPtr ld, int option, ref Timeval value);

    /// <summary>Returns false when the handle or the library cannot be reached (another package version or platform).</summary>
    public static bool TrySet(LdapConnection connection, TimeSpan timeout)
    {
        if (SetOption.Value is not { } setOption || HandleField?.GetValue(connection) is not SafeHandle { IsInvalid: false } handle)
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var value = new Timeval((nint)timeout.TotalSeconds, timeout.Microseconds + (timeout.Milliseconds * 1000));
            return setOption(handle.DangerousGetHandle(), OptionTimeout, ref value) == 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static SetOptionFunction? LoadSetOption()
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
            {
                return Marshal.GetDelegateForFunctionPointer<SetOptionFunction>(export);
            }
        }

        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timeval(nint Seconds, nint Microseconds);
}
