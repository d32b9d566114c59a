namespace ProductDescriber.Webhooks.Events;

/// <summary>An end state raised once per (type, subject), with the exact body every endpoint receives.</summary>
internal sealed class WebhookEventRecord
{
    public long Id { get; set; }

    public string Type { get; set; } = "";

    public string SubjectId { get; set; } = "";

    public long ProductId { get; set; }

    /// <summary>The JSON body, as signed and sent.</summary>
    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
