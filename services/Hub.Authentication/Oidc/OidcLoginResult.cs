using System.Diagnostics.CodeAnalysis;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>The end of a login at the callback: the user with their tokens and where to go, or a message for the user.</summary>
public sealed record OidcLoginResult(AuthenticatedUser? User, OidcTokens? Tokens, string? Next, string? Error)
{
    [MemberNotNullWhen(true, nameof(User), nameof(Tokens), nameof(Next))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => User is not null;

    public static OidcLoginResult Fail(string error) => new(null, null, null, error);
}
