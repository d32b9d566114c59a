namespace ProductDescriber.Identity.Login;

/// <summary>
/// One row of <c>identity.login_throttle_counters</c>, shared by every Host. Mapped so the Identity migrations own
/// the table; <see cref="LoginThrottleStore"/> reads and writes it with single SQL statements, not through EF.
/// </summary>
internal sealed class LoginThrottleCounter
{
    /// <summary>SHA-256 of the scope and its subject (see <see cref="ThrottleSubject"/>).</summary>
    public required byte[] Key { get; init; }

    /// <summary><c>pair</c> or <c>address</c>.</summary>
    public required string Scope { get; init; }

    /// <summary>Failures since the last reset, forgotten after the tier's quiet period.</summary>
    public int Failures { get; set; }

    /// <summary>Attempts admitted and still being checked: they count as possible failures.</summary>
    public int Pending { get; set; }

    /// <summary>When the latest pending attempt began; pending attempts older than a minute are taken as lost (a killed Host).</summary>
    public DateTimeOffset? PendingSince { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    /// <summary>Attempts before this are refused without a password check.</summary>
    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>After this the row says nothing any more and is purged.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
