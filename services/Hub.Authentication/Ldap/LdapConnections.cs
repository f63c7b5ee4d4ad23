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
            if (!LdapApiTimeout.TrySet(connection, options.OperationTimeout))
            {
                throw new PlatformNotSupportedException(
                    "Cannot give LDAP binds a timeout: OpenLDAP's libldap or the connection handle of System.DirectoryServices.Protocols was not found.");
            }

            connection.SessionOptions.ProtocolVersion = 3;
            // A referral would send the user's password to another server.
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (server.UseSsl)
            {
                connection.SessionOptions.SecureSocketLayer = true;
            }
            else if (options.UseStartTls)
            {
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
}
