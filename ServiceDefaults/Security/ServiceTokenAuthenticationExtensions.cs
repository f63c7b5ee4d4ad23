using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.ServiceDefaults.Security;

public static class ServiceTokenAuthenticationExtensions
{
    /// <summary>
    /// Service-token bearer authentication as the default scheme (<see cref="ServiceTokenDefaults.AuthenticationScheme"/>):
    /// <paramref name="callers"/> names, from the service's current <typeparamref name="TTokens"/>, who may call and
    /// with which role. Policies then require those roles.
    /// <typeparamref name="TTokens"/> is made by the options factory, hence its constructor is kept for native builds.
    /// </summary>
    public static AuthenticationBuilder AddServiceTokenAuthentication<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TTokens>(
        this IServiceCollection services, Func<TTokens, IEnumerable<ServiceCaller>> callers)
        where TTokens : class =>
        services.AddAuthentication(ServiceTokenDefaults.AuthenticationScheme)
            .AddScheme<ServiceTokenAuthenticationOptions<TTokens>, ServiceTokenAuthenticationHandler<TTokens>>(
                ServiceTokenDefaults.AuthenticationScheme, options => options.Callers = callers);
}
