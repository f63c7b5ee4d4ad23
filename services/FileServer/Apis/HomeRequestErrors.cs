using Lakehouse.FileServer.Homes;

namespace Lakehouse.FileServer.Apis;

/// <summary>Turns a refused request into problem JSON with its status and message; nothing was changed.</summary>
internal sealed class HomeRequestErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (HomeRequestException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.StatusCode);
        }
    }
}
