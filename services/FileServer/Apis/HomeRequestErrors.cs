using Lakehouse.FileServer.Homes;

namespace Lakehouse.FileServer.Apis;

/// <summary>Turns a refused or failed request into problem JSON with its status and message; nothing was changed.</summary>
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
        catch (IOException e)
        {
            // The file system refused (a failed creation is already undone): say what, so the user's spawn can tell.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
