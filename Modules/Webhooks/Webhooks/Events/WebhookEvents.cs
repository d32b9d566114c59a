using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Deliveries;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Events;

/// <summary>
/// <see cref="IWebhookEvents"/>: in one statement (in the caller's transaction), the event (once
/// per type and subject) and a delivery for each enabled endpoint that asked for its type (and product); then a
/// durable job per delivery. A crash after the commit leaves PENDING deliveries, which <see cref="PendingDeliveries"/>
/// schedules.
/// </summary>
internal sealed partial class WebhookEvents(
    IJobScheduler jobs,
    IOptions<WebhooksOptions> options,
    TimeProvider time,
    ILogger<WebhookEvents> logger) : IWebhookEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RaisedWebhook> StoreAsync(DbContext db, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (!WebhookEventTypes.All.Contains(webhookEvent.Type))
        {
            throw new ArgumentException($"Unknown webhook event type '{webhookEvent.Type}'.", nameof(webhookEvent));
        }

        var now = time.GetUtcNow();
        var body = JsonSerializer.Serialize(new { type = webhookEvent.Type, timestamp = now, data = webhookEvent.Data }, Json);
        if (System.Text.Encoding.UTF8.GetByteCount(body) > options.Value.MaxBodyBytes)
        {
            LogBodyTooLarge(webhookEvent.Type, webhookEvent.SubjectId, options.Value.MaxBodyBytes);
            return RaisedWebhook.None;
        }

        // One statement, so one round trip: the event (once per type and subject) and a delivery per enabled endpoint
        // that asked for it. Every end state passes here, endpoints or not.
        var deliveries = await db.Database
            .SqlQuery<long>($"""
                WITH raised AS (
                    INSERT INTO webhooks.events (type, subject_id, product_id, body, created_at)
                    VALUES ({webhookEvent.Type}, {webhookEvent.SubjectId}, {webhookEvent.ProductId}, {body}, {now})
                    ON CONFLICT (type, subject_id) DO NOTHING
                    RETURNING id)
                INSERT INTO webhooks.deliveries (endpoint_id, event_id, message_id, event_type, subject_id, status, attempt_count, next_attempt_at, created_at)
                SELECT endpoint.id, raised.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), {webhookEvent.Type}, {webhookEvent.SubjectId}, 'PENDING', 0, {now}, {now}
                FROM raised
                JOIN webhooks.endpoints endpoint
                  ON endpoint.enabled
                 AND {webhookEvent.Type} = ANY (endpoint.events)
                 AND (endpoint.product_id IS NULL OR endpoint.product_id = {webhookEvent.ProductId})
                ORDER BY endpoint.id
                RETURNING id AS "Value"
                """)
            .ToListAsync(cancellationToken);
        return deliveries.Count == 0 ? RaisedWebhook.None : new RaisedWebhook(deliveries);
    }

    public async Task DispatchAsync(RaisedWebhook raised, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delivery in raised.DeliveryIds)
            {
                await jobs.ScheduleAsync(DeliveryJob.Kind, DeliveryJob.WorkId(delivery, 1), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // The deliveries are committed PENDING: the sweep schedules what this could not.
            LogDispatchFailed(exception, raised.DeliveryIds.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhooks: scheduling {Count} deliveries failed; the sweep schedules them")]
    private partial void LogDispatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhooks: the body of {Type} for {SubjectId} is over Webhooks:MaxBodyBytes ({Max}); not delivered")]
    private partial void LogBodyTooLarge(string type, string subjectId, int max);
}
