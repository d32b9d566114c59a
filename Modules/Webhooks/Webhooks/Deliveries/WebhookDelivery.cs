namespace ProductDescriber.Webhooks.Deliveries;

/// <summary>
/// One event to one endpoint (unique per pair): PENDING while attempts go on, SUCCEEDED after the first 2xx (never
/// sent again), FAILED once retries ran out or the endpoint was disabled. Attempt n runs as job
/// <c>webhooks.delivery</c> with work id <c>{id}:{n}</c>, so each retry is its own durable job.
/// </summary>
internal sealed class WebhookDelivery
{
    public long Id { get; set; }

    public long EndpointId { get; set; }

    public long EventId { get; set; }

    /// <summary>The <c>webhook-id</c> header: the same on every attempt, so receivers can drop repeats.</summary>
    public string MessageId { get; set; } = "";

    public string EventType { get; set; } = "";

    public string SubjectId { get; set; } = "";

    public DeliveryStatus Status { get; set; }

    public int AttemptCount { get; set; }

    public List<DeliveryAttempt> Attempts { get; set; } = [];

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

internal enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>One attempt: its HTTP status (null when none came back), how long it took, and what went wrong.</summary>
internal sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, long LatencyMs, string? Error);
