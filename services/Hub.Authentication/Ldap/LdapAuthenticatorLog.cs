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

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP user {Username} refused: more than one directory entry has this name once lowercased")]
    public static partial void NameCollision(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP user {Username} refused: in none of the allowed groups")]
    public static partial void NotAllowed(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP user {Username} refused: {Attribute} is missing, not a number or below {MinimumId}")]
    public static partial void InvalidId(ILogger logger, string username, string attribute, int minimumId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP group {Group} of {Username} ignored: its gid is missing, not a number or below {MinimumId}")]
    public static partial void GroupIgnored(ILogger logger, string group, string username, int minimumId);

    [LoggerMessage(Level = LogLevel.Error, Message = "LDAP login for {Username} could not be checked: the directory failed (code {ErrorCode}: {Error})")]
    public static partial void DirectoryFailed(ILogger logger, string username, int errorCode, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "LDAP lookup of {Username} failed: the directory failed (code {ErrorCode}: {Error})")]
    public static partial void LookupFailed(ILogger logger, string username, int errorCode, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP lookup of {Username}: not in the directory")]
    public static partial void LookupNotFound(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP lookup of {Username} found uid {Uid}, gid {Gid}, {GroupCount} groups, admin {Admin}")]
    public static partial void LookupSucceeded(ILogger logger, string username, int uid, int gid, int groupCount, bool admin);

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP login for {Username} succeeded: uid {Uid}, gid {Gid}, {GroupCount} groups, admin {Admin}")]
    public static partial void Succeeded(ILogger logger, string username, int uid, int gid, int groupCount, bool admin);
}
