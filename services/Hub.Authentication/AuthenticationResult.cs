using System.Diagnostics.CodeAnalysis;

namespace Lakehouse.Hub.Authentication;

/// <summary>Why a login was refused. Callers show <see cref="AuthenticationResult.Message"/>; it never says whether a user exists.</summary>
public enum AuthenticationFailure
{
    /// <summary>The name breaks the username rule; no directory was asked.</summary>
    InvalidUsername,

    /// <summary>No password: refused before any bind, because an empty password is an anonymous bind in LDAP.</summary>
    EmptyPassword,

    /// <summary>Wrong password or unknown user: the two are indistinguishable on purpose.</summary>
    InvalidCredentials,

    /// <summary>The password is right but the user is in none of the allowed groups.</summary>
    NotAllowed,

    /// <summary>The account cannot run a server: its uidNumber or gidNumber is missing or a system id.</summary>
    InvalidAccount,

    /// <summary>The password is right but another directory entry has the same name once lowercased: refused, never merged.</summary>
    NameCollision,

    /// <summary>The directory could not be reached or answered with an error.</summary>
    Unavailable,
}

/// <summary>The outcome of a login: a user, or a failure with a message fit for the login page.</summary>
public sealed record AuthenticationResult
{
    private AuthenticationResult(AuthenticatedUser? user, AuthenticationFailure? failure, string? message)
    {
        User = user;
        Failure = failure;
        Message = message;
    }

    public AuthenticatedUser? User { get; }

    public AuthenticationFailure? Failure { get; }

    /// <summary>Why the login failed, for the user; null on success.</summary>
    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(User))]
    [MemberNotNullWhen(false, nameof(Failure), nameof(Message))]
    public bool Succeeded => User is not null;

    public static AuthenticationResult Success(AuthenticatedUser user) => new(user, null, null);

    public static AuthenticationResult Fail(AuthenticationFailure failure) => new(null, failure, MessageFor(failure));

    public static AuthenticationResult Fail(AuthenticationFailure failure, string message) => new(null, failure, message);

    private static string MessageFor(AuthenticationFailure failure) => failure switch
    {
        AuthenticationFailure.InvalidUsername => "Invalid username.",
        AuthenticationFailure.EmptyPassword => "Enter a password.",
        AuthenticationFailure.InvalidCredentials => "Invalid username or password.",
        AuthenticationFailure.NotAllowed => "This account may not use this hub.",
        AuthenticationFailure.InvalidAccount => "This account has no valid user or group id; ask an administrator.",
        AuthenticationFailure.NameCollision => "More than one directory entry has this name once lowercased; ask an administrator.",
        AuthenticationFailure.Unavailable => "The login service is unavailable; try again later.",
        _ => "Login failed.",
    };
}
