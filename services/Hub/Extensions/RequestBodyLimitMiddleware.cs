using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Extensions;

/// <summary>Bodies over <c>Hub:MaxRequestBodySize</c> get 413 before anything reads them.</summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<HubOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.CurrentValue.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            await ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.").ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
