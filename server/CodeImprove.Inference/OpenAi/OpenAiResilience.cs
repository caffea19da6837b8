using System.Net;
using Polly;
using Polly.Retry;

namespace CodeImprove.Inference.OpenAi;

/// <summary>
/// Retries with exponential backoff and jitter for failures a shared server recovers from (refused connection,
/// 408, 429, 5xx, an attempt timing out), each attempt under a timeout. Only the request up to the response headers
/// is retried: a stream that already produced text is not replayed.
/// </summary>
internal static class OpenAiResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Create(ModelOptions options, TimeSpan baseDelay)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<Polly.Timeout.TimeoutRejectedException>()
                    .HandleResult(IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose(); // release the failed response's connection
                    return default;
                },
            });
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    private static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
}
