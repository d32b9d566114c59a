using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.BuildingBlocks.Costs;

/// <summary>
/// Paid work about to be accepted, or accepted and not finished: <paramref name="Calls"/> pictures (image work) or
/// provider calls (vision work) still to be paid for.
/// </summary>
public sealed record PlannedSpend(long? UserId, long ProductId, PaidCallKind Kind, string Provider, string? Model, string? Resolution, int Calls);

/// <summary>The monthly budgets per user and per product (the Costs module).</summary>
public interface IBudgetGuard
{
    /// <summary>
    /// Null when <paramref name="plan"/> fits every budget that applies (spent this month + unfinished work + this
    /// plan's worst case); otherwise the budget it would exceed. Takes a lock per budget on <paramref name="db"/>'s
    /// transaction, held until the caller commits the work it accepts: the caller must have begun one, and
    /// concurrent submits against one budget are then judged one after the other.
    /// </summary>
    Task<BudgetExceededError?> CheckAsync(DbContext db, PlannedSpend plan, CancellationToken cancellationToken);
}

/// <summary>A module's unfinished paid work, which budgets count as if it were spent at its worst case.</summary>
public interface IPendingSpendSource
{
    /// <summary>Unfinished work requested by <paramref name="userId"/> (any product) or for <paramref name="productId"/> (anyone's).</summary>
    Task<IReadOnlyList<PlannedSpend>> ListUnfinishedAsync(long? userId, long productId, CancellationToken cancellationToken);
}
