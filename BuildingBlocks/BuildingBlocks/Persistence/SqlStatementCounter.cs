using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ProductDescriber.BuildingBlocks.Persistence;

/// <summary>
/// Counts the SQL commands EF sends, process-wide, and the hand-written ones that report themselves
/// (<see cref="CountCommand"/>: the few hot reads that bypass EF, ADR 0044). Tests read it around a request (or a
/// contract call) to prove that a page of items costs a constant number of statements (no N+1). Background work that
/// runs on its own timers (durable jobs, the recovery sweep) runs inside <see cref="Uncounted"/>, since it would make
/// such a count flaky. The cost is one async-local read and one interlocked increment per command.
/// </summary>
public sealed class SqlStatementCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<bool> InBackground = new();

    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Leaves the statements of the calling flow (and what it awaits) out of the count until disposed.</summary>
    public static IDisposable Uncounted()
    {
        var outer = InBackground.Value;
        InBackground.Value = true;
        return new Restore(outer);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Tally();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Tally();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Tally();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Tally();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Tally();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Tally();
        return ValueTask.FromResult(result);
    }

    /// <summary>Counts a command sent without EF (through <c>NpgsqlDataSource</c>), as the interceptor counts EF's.</summary>
    public void CountCommand() => Tally();

    private void Tally()
    {
        if (!InBackground.Value)
        {
            Interlocked.Increment(ref _count);
        }
    }

    private sealed class Restore(bool outer) : IDisposable
    {
        public void Dispose() => InBackground.Value = outer;
    }
}
