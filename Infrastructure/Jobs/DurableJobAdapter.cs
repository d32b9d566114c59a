using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;
using Quartz;

namespace ProductDescriber.Jobs;

/// <summary>
/// The one Quartz job type: finds the <see cref="IDurableJob"/> registered for the job's kind in a fresh scope and
/// runs it with a token cancelled at the deadline or on shutdown. A job that throws is logged and ends: its work stays
/// unfinished, so the sweep schedules it again after the grace period.
/// </summary>
internal sealed partial class DurableJobAdapter(
    IServiceScopeFactory scopes,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<DurableJobAdapter> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var kind = context.JobDetail.Key.Group;
        var workId = context.JobDetail.Key.Name;
        await using var scope = scopes.CreateAsyncScope();
        var job = scope.ServiceProvider.GetKeyedService<IDurableJob>(kind);
        if (job is null)
        {
            LogUnknownKind(kind, workId);
            return;
        }

        var deadline = options.Value.Deadline;
        using var deadlineReached = new CancellationTokenSource(deadline, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadlineReached.Token, cancellationToken);
        var durable = new DurableJobContext(kind, workId, context.Recovering, time.GetUtcNow() + deadline, deadlineReached.Token, cancellationToken);
        if (durable.IsRecovery)
        {
            LogRecovering(kind, workId);
        }

        using var uncounted = SqlStatementCounter.Uncounted();
        try
        {
            await job.RunAsync(durable, either.Token);
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            LogCancelled(kind, workId, durable.DeadlineExceeded ? "deadline" : "shutdown");
        }
        catch (Exception exception)
        {
            LogFailed(exception, kind, workId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Durable job {Kind}/{WorkId}: no job of this kind is registered; it ends without running")]
    private partial void LogUnknownKind(string kind, string workId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable job {Kind}/{WorkId} runs again: the Host that ran it died")]
    private partial void LogRecovering(string kind, string workId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable job {Kind}/{WorkId} stopped: {Reason}")]
    private partial void LogCancelled(string kind, string workId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Durable job {Kind}/{WorkId} failed; its work stays unfinished for the sweep")]
    private partial void LogFailed(Exception exception, string kind, string workId);
}
