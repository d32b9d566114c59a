using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Persistence;
using ProductDescriber.Webhooks.Signing;

namespace ProductDescriber.Webhooks.Deliveries;

/// <summary>
/// Attempt n of one delivery (work id <c>{deliveryId}:{n}</c>): sends it, records the attempt, and either ends the
/// delivery (a 2xx, or retries exhausted) or schedules attempt n + 1 after the back-off. A run whose attempt is
/// already recorded, or whose delivery already ended, does nothing: a success is never followed by another send.
/// A Host that dies mid-send has its job recovered and the attempt sent again (same <c>webhook-id</c>).
/// </summary>
internal sealed partial class DeliveryJob(
    IDbContextFactory<WebhooksDbContext> contexts,
    WebhookSender sender,
    SecretProtector protector,
    IJobScheduler jobs,
    IOptions<WebhooksOptions> options,
    TimeProvider time,
    ILogger<DeliveryJob> logger) : IDurableJob
{
    public const string Kind = "webhooks.delivery";

    public static string WorkId(long deliveryId, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{deliveryId}:{attempt}");

    public async Task RunAsync(DurableJobContext context, CancellationToken cancellationToken)
    {
        var parts = context.WorkId.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var deliveryId) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var attempt))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending || delivery.AttemptCount >= attempt)
        {
            return;
        }

        var endpoint = await db.Endpoints.AsNoTracking().FirstAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        var body = await db.Events.Where(e => e.Id == delivery.EventId).Select(e => e.Body).FirstAsync(cancellationToken);
        AttemptResult result = endpoint.Enabled
            ? await sender.SendAsync(endpoint.Url, delivery.MessageId, body, SecretsOf(endpoint), cancellationToken)
            : new AttemptResult(null, 0, "Not sent: the endpoint is disabled.");

        var next = await RecordAsync(deliveryId, attempt, result, CancellationToken.None);
        if (next is { } notBefore)
        {
            await jobs.ScheduleAsync(Kind, WorkId(deliveryId, attempt + 1), notBefore, CancellationToken.None);
        }
    }

    /// <summary>The secret, and the previous one during its grace after a rotation.</summary>
    private List<string> SecretsOf(WebhookEndpoint endpoint)
    {
        var secrets = new List<string> { protector.Unprotect(endpoint.SecretCipher, endpoint.Id) };
        if (endpoint.PreviousSecretCipher is { } previous && endpoint.PreviousSecretUntil > time.GetUtcNow())
        {
            secrets.Add(protector.Unprotect(previous, endpoint.Id));
        }

        return secrets;
    }

    /// <summary>Records the attempt and what follows from it, under row locks; the time of the next attempt if any.</summary>
    private async Task<DateTimeOffset?> RecordAsync(long deliveryId, int attempt, AttemptResult result, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var delivery = await db.Deliveries.FromSql($"SELECT * FROM webhooks.deliveries WHERE id = {deliveryId} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);
        if (delivery is null || delivery.Status != DeliveryStatus.Pending || delivery.AttemptCount >= attempt)
        {
            // Another run of the same attempt recorded it first (a lease that ran out under a slow Host).
            return null;
        }

        var endpoint = await db.Endpoints.FromSql($"SELECT * FROM webhooks.endpoints WHERE id = {delivery.EndpointId} FOR UPDATE").FirstAsync(cancellationToken);
        var now = time.GetUtcNow();
        delivery.Attempts = [.. delivery.Attempts, new DeliveryAttempt(attempt, now, result.StatusCode, result.LatencyMs, result.Error)];
        delivery.AttemptCount = attempt;
        DateTimeOffset? next = null;
        if (result.Succeeded)
        {
            delivery.Status = DeliveryStatus.Succeeded;
            endpoint.FailingSince = null;
        }
        else if (!endpoint.Enabled)
        {
            delivery.Status = DeliveryStatus.Failed;
        }
        else
        {
            endpoint.FailingSince ??= now;
            next = RetrySchedule.Next(options.Value, attempt, delivery.Attempts[0].At, now);
            var window = options.Value.MaxAttemptsWindow;
            var failingThroughout = now - endpoint.FailingSince >= window || (next is null && endpoint.FailingSince <= delivery.Attempts[0].At);
            if (failingThroughout)
            {
                endpoint.Enabled = false;
                endpoint.DisabledAt = now;
                endpoint.DisabledReason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Disabled at {now:u}: every delivery failed since {endpoint.FailingSince:u}, for the whole retry window ({window}). Last attempt: {result.Error} Fix the receiver, then enable it again with enableWebhook.");
                LogDisabled(endpoint.Id, endpoint.DisabledReason);
                next = null;
            }

            if (next is null)
            {
                delivery.Status = DeliveryStatus.Failed;
            }
        }

        delivery.NextAttemptAt = next;
        delivery.CompletedAt = next is null ? now : null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhooks: endpoint {EndpointId} disabled: {Reason}")]
    private partial void LogDisabled(long endpointId, string reason);
}
