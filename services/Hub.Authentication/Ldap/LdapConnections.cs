using System.DirectoryServices.Protocols;
using System.Net;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>Opens a connection with the configured transport security; no bind has happened yet.</summary>
internal static class LdapConnections
{
    public static LdapConnection Open(LdapAuthenticationOptions options)
    {
        if (!LdapServer.TryParse(options.ServerUri, out var server))
        {
            throw new InvalidOperationException($"{LdapAuthenticationOptions.SectionName}:ServerUri is not a valid LDAP URI.");
        }

        var connection = new LdapConnection(new LdapDirectoryIdentifier(server.Host, server.Port), credential: null, AuthType.Basic)
        {
            Timeout = options.ConnectTimeout,
        };
        try
        {
            if (!LdapNativeOptions.TrySetTimeout(connection, options.OperationTimeout) || !LdapNativeOptions.TrySetRestart(connection))
            {
                throw new PlatformNotSupportedException(
                    "Cannot give LDAP binds a timeout or let them resume after a signal: OpenLDAP's libldap or the connection handle of System.DirectoryServices.Protocols was not found.");
            }

            connection.SessionOptions.ProtocolVersion = 3;
            // A referral would send the user's password to another server.
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (server.UseSsl || options.UseStartTls)
            {
                if (!LdapNativeOptions.TrySetTlsTrust(connection, options.TlsCaCertificateFile))
                {
                    // Not a silent downgrade: without the trust settings the connection is not opened at all.
                    throw new LdapException(
                        (int)ResultCode.Unavailable, $"Cannot set up TLS trust for the LDAP connection (CA file '{options.TlsCaCertificateFile}').");
                }
            }

            if (server.UseSsl)
            {
                connection.SessionOptions.SecureSocketLayer = true;
            }
            else if (options.UseStartTls)
            {
                if (!LdapNativeOptions.TrySetUri(connection, $"ldap://{server.Host}:{server.Port}"))
                {
                    throw new LdapException((int)ResultCode.Unavailable, "Cannot point the LDAP connection at its server for StartTLS.");
                }

                connection.SessionOptions.StartTransportLayerSecurity(null);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A simple bind. The caller has refused empty passwords: with one, this would be an anonymous bind.</summary>
    public static void Bind(LdapConnection connection, string dn, string password) =>
        connection.Bind(new NetworkCredential(dn, password));

    /// <summary>Binds as the configured service account; without one the connection stays anonymous.</summary>
    public static void BindServiceAccount(LdapConnection connection, LdapAuthenticationOptions options)
    {
        if (!string.IsNullOrEmpty(options.SearchBindDn))
        {
            Bind(connection, options.SearchBindDn, options.SearchBindPassword!);
        }
    }

    /// <summary>The LDAP result code of a failure, for the logs.</summary>
    public static int ErrorCode(Exception e) =>
        e is LdapException ldap ? ldap.ErrorCode : (int)((e as DirectoryOperationException)?.Response?.ResultCode ?? 0);
}
