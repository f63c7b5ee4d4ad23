using System.Diagnostics.CodeAnalysis;

namespace Lakehouse.Hub.Authentication;

/// <summary>Why a directory lookup gave no identity.</summary>
public enum UserLookupFailure
{
    /// <summary>No entry has this name, or the identity source cannot look users up at all.</summary>
    NotFound,

    /// <summary>The entry exists but may not use the hub: no valid ids, in no allowed group, or its name collides.</summary>
    Refused,

    /// <summary>The directory could not be reached or answered with an error.</summary>
    Unavailable,
}

/// <summary>The outcome of a lookup: the user's identity, or a failure with a message for the admin who asked.</summary>
public sealed record UserLookupResult
{
    private UserLookupResult(AuthenticatedUser? user, UserLookupFailure? failure, string? message)
    {
        User = user;
        Failure = failure;
        Message = message;
    }

    public AuthenticatedUser? User { get; }

    public UserLookupFailure? Failure { get; }

    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(User))]
    [MemberNotNullWhen(false, nameof(Failure), nameof(Message))]
    public bool Found => User is not null;

    public static UserLookupResult Success(AuthenticatedUser user) => new(user, null, null);

    public static UserLookupResult Fail(UserLookupFailure failure, string message) => new(null, failure, message);
}
