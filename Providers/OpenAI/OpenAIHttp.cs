using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>
/// The one HttpClient every OpenAI call goes through. Outermost first: concurrency limit (shared by vision and
/// images), retry (429 rate limits and 5xx, honouring Retry-After), attempt timeout. The SDK's own retries are off
/// because SK is handed this client, so there is exactly one retry layer.
/// </summary>
internal static class OpenAIHttp
{
    public const string ClientName = "ProductDescriber.Providers.OpenAI";

    public static void Add(IServiceCollection services, OpenAIOptions options)
    {
        services.AddHttpClient(ClientName, client =>
            {
                client.BaseAddress = options.BaseUri;

                // The pipeline owns timeouts; HttpClient's 100 s default would cut image calls short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("openai", builder =>
            {
                builder.AddConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.MaxConcurrency),
                    QueueLimit = 10_000,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(Math.Max(0, options.RetryDelaySeconds)),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ShouldRetry(args, options),
                });
                builder.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context, options)),
                });
            });
    }

    public static TimeSpan AttemptTimeout(ResilienceContext context, OpenAIOptions options) =>
        IsImagesCall(context.GetRequestMessage()?.RequestUri)
            ? TimeSpan.FromSeconds(options.ImageTimeoutSeconds)
            : TimeSpan.FromSeconds(options.VisionTimeoutSeconds);

    private static bool IsImagesCall(Uri? uri) =>
        uri is not null && uri.AbsolutePath.Contains("/images/", StringComparison.Ordinal);

    private static async ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args, OpenAIOptions options)
    {
        // An attempt that timed out may still be billed (a picture made but not delivered), so it is not repeated
        // here; the caller decides. Connection failures never reached the model and are safe to repeat.
        if (args.Outcome.Exception is not null)
        {
            return args.Outcome.Exception is HttpRequestException;
        }

        var response = args.Outcome.Result;
        if (response is null)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            if (OpenAIErrors.RetryAfter(response) is { } wait && wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
            {
                return false;
            }

            // Two kinds of 429: rate limits pass, an empty account does not. Only the body tells them apart.
            await response.Content.LoadIntoBufferAsync(args.Context.CancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(args.Context.CancellationToken).ConfigureAwait(false);
            return !OpenAIErrors.IsQuota(body);
        }

        return status is 500 or 502 or 503 or 504;
    }

    public static bool IsAttemptTimeout(Exception exception) =>
        exception is TimeoutRejectedException || exception.InnerException is { } inner && IsAttemptTimeout(inner);
}
