namespace ProductDescriber.Webhooks.Endpoints;

/// <summary>
/// An integrator's URL and the events it wants, with its signing secret (encrypted, see
/// <see cref="Signing.SecretProtector"/>). Disabled by us after failing every delivery for
/// <see cref="WebhooksOptions.MaxAttemptsWindow"/>, with the reason for its owner; enabled again by the owner.
/// </summary>
internal sealed class WebhookEndpoint
{
    public long Id { get; set; }

    public long OwnerId { get; set; }

    public string Url { get; set; } = "";

    /// <summary>Event types (<see cref="Contracts.WebhookEventTypes"/>) it receives.</summary>
    public string[] Events { get; set; } = [];

    /// <summary>Only this product's events when set.</summary>
    public long? ProductId { get; set; }

    public byte[] SecretCipher { get; set; } = [];

    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretUntil"/>.</summary>
    public byte[]? PreviousSecretCipher { get; set; }

    public DateTimeOffset? PreviousSecretUntil { get; set; }

    public DateTimeOffset? SecretRotatedAt { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }

    /// <summary>Since when every attempt failed; null after a success.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
