namespace ProductDescriber.Webhooks.Deliveries;

/// <summary>
/// When to try again after failed attempt <c>n</c>: <see cref="WebhooksOptions.FirstRetryDelay"/> doubled per
/// attempt up to <see cref="WebhooksOptions.MaxRetryDelay"/>, times a random factor in [0.5, 1) so endpoints that
/// failed together do not come back together; null once that would fall past the window from the first attempt.
/// </summary>
internal static class RetrySchedule
{
    public static DateTimeOffset? Next(WebhooksOptions options, int failedAttempt, DateTimeOffset firstTried, DateTimeOffset now)
    {
        var doubling = Math.Min(failedAttempt - 1, 30);
        var delay = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, doubling), options.MaxRetryDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter, not a secret.
        delay *= 0.5 + (Random.Shared.NextDouble() / 2);
#pragma warning restore CA5394
        var next = now + TimeSpan.FromMilliseconds(delay);
        return next - firstTried > options.MaxAttemptsWindow ? null : next;
    }
}
