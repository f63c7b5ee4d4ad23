using Microsoft.Extensions.Logging;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>What the LDAP authenticator logs. Never a password; a refused username is not echoed, as it may be hostile.</summary>
internal static partial class LdapAuthenticatorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP login refused: the username is not valid ({Reason})")]
    public static partial void InvalidUsername(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP login for {Username} refused: empty password")]
    public static partial void EmptyPassword(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP login for {Username} failed: wrong password or unknown user")]
    public static partial void InvalidCredentials(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP lookup for {Username} found {Count} entries; exactly one is needed")]
    public static partial void AmbiguousUser(ILogger logger, string username, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP login for {Username} refused: in none of the allowed groups")]
    public static partial void NotAllowed(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP login for {Username} refused: {Attribute} is missing, not a number or below {MinimumId}")]
    public static partial void InvalidId(ILogger logger, string username, string attribute, int minimumId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP group {Group} of {Username} ignored: its gid is missing, not a number or below {MinimumId}")]
    public static partial void GroupIgnored(ILogger logger, string group, string username, int minimumId);

    [LoggerMessage(Level = LogLevel.Error, Message = "LDAP login for {Username} could not be checked: the directory failed (code {ErrorCode}: {Error})")]
    public static partial void DirectoryFailed(ILogger logger, string username, int errorCode, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP login for {Username} succeeded: uid {Uid}, gid {Gid}, {GroupCount} groups, admin {Admin}")]
    public static partial void Succeeded(ILogger logger, string username, int uid, int gid, int groupCount, bool admin);
}
