using Microsoft.EntityFrameworkCore;

namespace ProductDescriber.BuildingBlocks.Costs;

/// <summary>
/// The cost ledger (the Costs module): one row per paid provider call, priced from the configured price table when it
/// is written, or marked unpriced with the reason. Never guessed.
/// </summary>
public interface ICostLedger
{
    /// <summary>
    /// Writes the call's row through <paramref name="db"/>, inside its current transaction, so the row commits (or
    /// rolls back) with the caller's own record of the call. A row with the same idempotency key already there: nothing.
    /// </summary>
    Task RecordAsync(DbContext db, PaidCall call, CancellationToken cancellationToken);

    /// <summary>Writes the call's row in a commit of its own (when the caller has no write to join).</summary>
    Task RecordAsync(PaidCall call, CancellationToken cancellationToken);
}
