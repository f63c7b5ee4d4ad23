namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>Why an entry found in the directory does not give a usable identity.</summary>
internal enum IdentityProblem
{
    /// <summary>uidNumber or gidNumber is missing, not a number, or a system id.</summary>
    InvalidAccount,

    /// <summary>In none of the allowed groups.</summary>
    NotAllowed,

    /// <summary>More than one entry has this name once lowercased.</summary>
    NameCollision,
}
