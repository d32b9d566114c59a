using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.Jobs;

/// <summary>How a job's execution ended, for the queue: done (the row goes) or stopped by shutdown (the row is freed).</summary>
internal enum JobOutcome
{
    Done,
    Interrupted,
}

/// <summary>
/// Runs one claimed job: finds the <see cref="IDurableJob"/> registered for its kind in a fresh scope and runs it
/// with a token cancelled at the deadline or on shutdown. A job that throws is logged and done: its work stays
/// unfinished, so the sweep schedules it again after the grace period.
/// </summary>
internal sealed partial class JobExecution(
    IServiceScopeFactory scopes,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobExecution> logger)
{
    public async Task<JobOutcome> RunAsync(JobClaim claim, CancellationToken shutdown)
    {
        await using var scope = scopes.CreateAsyncScope();
        var job = scope.ServiceProvider.GetKeyedService<IDurableJob>(claim.Kind);
        if (job is null)
        {
            LogUnknownKind(claim.Kind, claim.WorkId);
            return JobOutcome.Done;
        }

        var deadline = options.Value.Deadline;
        using var deadlineReached = new CancellationTokenSource(deadline, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadlineReached.Token, shutdown);
        var context = new DurableJobContext(claim.Kind, claim.WorkId, claim.Recovering, time.GetUtcNow() + deadline, deadlineReached.Token, shutdown);
        if (context.IsRecovery)
        {
            LogRecovering(claim.Kind, claim.WorkId);
        }

        try
        {
            await job.RunAsync(context, either.Token);
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            LogCancelled(claim.Kind, claim.WorkId, context.DeadlineExceeded ? "deadline" : "shutdown");
        }
        catch (Exception exception)
        {
            LogFailed(exception, claim.Kind, claim.WorkId);
        }

        // Stopped by the shutdown (not the deadline) means it left its work to be picked up again.
        return context.ShuttingDown && !context.DeadlineExceeded ? JobOutcome.Interrupted : JobOutcome.Done;
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
