using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ProductDescriber.BuildingBlocks.Persistence;

/// <summary>
/// Counts the SQL commands EF sends while serving HTTP requests, process-wide. Tests read it around a request to prove
/// that a page of items costs a constant number of statements (no N+1). Commands sent by background work (the job
/// recovery sweep, the scheduler) are left out: they run on their own timers and would make such a count flaky. The
/// cost is one async-local read and one interlocked increment per command.
/// </summary>
public sealed class SqlStatementCounter(IHttpContextAccessor requests) : DbCommandInterceptor
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

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

    private void Tally()
    {
        if (requests.HttpContext is not null)
        {
            Interlocked.Increment(ref _count);
        }
    }
}
