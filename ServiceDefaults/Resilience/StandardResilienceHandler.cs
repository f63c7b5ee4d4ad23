using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Lakehouse.ServiceDefaults.Resilience;

/// <summary>
/// A small stand-in for Microsoft.Extensions.Http.Resilience's standard handler: a total timeout, retries of
/// transient failures, and a timeout per attempt. Only idempotent requests without a body are retried: anything else
/// could act twice, or its body could not be sent again.
/// </summary>
public sealed class StandardResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<bool> RetryableKey = new("Lakehouse.Retryable");

    private static readonly HashSet<HttpMethod> IdempotentMethods =
        [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Trace, HttpMethod.Put, HttpMethod.Delete];

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public StandardResilienceHandler(IOptions<StandardResilienceOptions> options, TimeProvider timeProvider)
    {
        var settings = options.Value;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(settings.TotalRequestTimeout);
        if (settings.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetryAttempts,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.GetValue(RetryableKey, false) && IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    // The failed response is dropped for the next attempt; release its connection.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = pipeline.AddTimeout(settings.AttemptTimeout).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RetryableKey, request.Content is null && IdempotentMethods.Contains(request.Method));
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, state) => await state.Handler.SendOnceAsync(state.Request, context.CancellationToken),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500
            || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };
}
