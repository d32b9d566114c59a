using System.Text.Json;

namespace ProductDescriber.Identity.Contracts;

/// <summary>
/// Published on the event bus (<c>IEventBus</c>, topic <see cref="Topic"/>) once a user's security stamp has rotated
/// and the change is committed (deactivation, password change): every token issued to the user before is void, on
/// every Host. Transports end the user's open sockets and streams; anything that caches a user's stamp or active flag
/// drops the user. Ids only: a listener that needs more reads it. Delivery is at most once and live only, so a
/// listener that must not miss one also re-checks by itself (see docs/adr/0008).
/// </summary>
public sealed record SessionsRevoked(long UserId)
{
    public const string Topic = "identity.sessions-revoked";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToPayload() => JsonSerializer.Serialize(this, Json);

    /// <summary>The event in <paramref name="payload"/>, or null when the payload is not one.</summary>
    public static SessionsRevoked? FromPayload(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<SessionsRevoked>(payload, Json) is { UserId: > 0 } revoked ? revoked : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
