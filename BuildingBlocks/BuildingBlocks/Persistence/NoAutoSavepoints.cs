using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ProductDescriber.BuildingBlocks.Persistence;

/// <summary>
/// Stops EF Core from wrapping each SaveChanges inside our own transactions in a savepoint of its own. The savepoint
/// would let a failed SaveChanges be retried within the transaction, which this code never does (a failure rolls the
/// whole transaction back), yet it costs two round trips per SaveChanges: a third of a generation job's statements
/// before this (bench/README.md). Only EF's automatic savepoints are suppressed; none are created by hand.
/// </summary>
public sealed class NoAutoSavepoints : DbTransactionInterceptor
{
    public static readonly NoAutoSavepoints Instance = new();

    private NoAutoSavepoints()
    {
    }

    public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public override ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public override InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public override ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public override InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();
}
