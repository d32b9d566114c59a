using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// The resilience policy every remote provider's HttpClient uses, so retries, waits and limits mean the same for
/// all of them. Outermost first: a concurrency limit (calls in flight, queued beyond it), the call's deadline,
/// retries with exponential back-off and jitter (or the server's wait) for what <see cref="AiRetryRules"/> calls
/// transient and for connections that failed, and the attempt timeout, which covers reading the reply.
/// </summary>
public static partial class AiProviderResilience
{
    private const string PipelineName = "ai-provider";

    private static readonly ResiliencePropertyKey<AiProviderException> LastFailure = new("ProductDescriber.AiProviderFailure");

    /// <summary>
    /// Adds the policy to a provider's named HttpClient. Set the client's own <c>Timeout</c> to infinite: the policy
    /// owns timeouts. Give SDKs this client and turn their own retries off, so there is exactly one retry layer.
    /// </summary>
    public static IHttpClientBuilder AddAiProviderResilience(this IHttpClientBuilder builder, AiProviderResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(AiProviderResilience));
            pipeline.AddConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = options.MaxConcurrency,
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            pipeline.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(options.DeadlineFor(args.Context.GetRequestMessage())),
            });
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(Retry(options, time, logger));
            }

            pipeline.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(options.AttemptTimeoutFor(args.Context.GetRequestMessage())),
            });
        });

        // Inside every attempt, so a reply that stalls half-way counts against the attempt timeout like a silent one.
        builder.AddHttpMessageHandler(() => new ReplyBufferingHandler());
        return builder;
    }

    /// <summary>The limit that ended a call when it was one of the policy's timeouts (an attempt's or the call's
    /// deadline), looking through the wrappers SDKs add; null for any other failure.</summary>
    public static TimeSpan? TimeoutOf(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutRejectedException timeout)
            {
                return timeout.Timeout;
            }
        }

        return null;
    }

    private static RetryStrategyOptions<HttpResponseMessage> Retry(AiProviderResilienceOptions options, TimeProvider time, ILogger logger) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryDelay,
        ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, options, time),

        // The server's wait when it named one (header or body, as the provider read it); else the back-off.
        DelayGenerator = args => ValueTask.FromResult(
            args.Outcome.Result is not null && args.Context.Properties.TryGetValue(LastFailure, out var failure) ? failure.RetryAfter : null),
        OnRetry = args =>
        {
            if (args.Outcome.Exception is { } exception)
            {
                LogUnreachable(logger, options.Provider, exception.Message, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
            }
            else
            {
                args.Context.Properties.TryGetValue(LastFailure, out var failure);
                LogRetry(logger, options.Provider, (int?)args.Outcome.Result?.StatusCode, failure?.ProviderCode, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
            }

            return ValueTask.CompletedTask;
        },
    };

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, ResilienceContext context, AiProviderResilienceOptions options, TimeProvider time)
    {
        // A connection that failed never reached the model. An attempt that timed out may have been billed (a picture
        // made but not delivered), so it is not repeated here; the caller decides.
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException;
        }

        if (outcome.Result is not { IsSuccessStatusCode: false } response)
        {
            return false;
        }

        // Buffered, so the caller can still read the body it gets back after the last attempt.
        await response.Content.LoadIntoBufferAsync(context.CancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
        var failure = options.Read((int)response.StatusCode, body, AiRetryRules.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()));
        context.Properties.Set(LastFailure, failure);
        return AiRetryRules.ShouldRetry(failure, options.MaxRetryAfter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} answered {Status} {Code}; retry {Attempt} of {MaxRetries} in {Wait}")]
    private static partial void LogRetry(ILogger logger, string provider, int? status, string? code, int attempt, int maxRetries, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} could not be reached ({Reason}); retry {Attempt} of {MaxRetries} in {Wait}")]
    private static partial void LogUnreachable(ILogger logger, string provider, string reason, int attempt, int maxRetries, TimeSpan wait);
}
