using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;

namespace Lakehouse.ServiceDefaults.Security;

/// <summary>Which callers a service accepts, read from its token options (<typeparamref name="TTokens"/>) per request.</summary>
public sealed class ServiceTokenAuthenticationOptions<
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TTokens> : AuthenticationSchemeOptions
    where TTokens : class
{
    /// <summary>The accepted callers in order of precedence: when two share a token, the first one's role counts.</summary>
    public Func<TTokens, IEnumerable<ServiceCaller>> Callers { get; set; } = _ => [];
}
