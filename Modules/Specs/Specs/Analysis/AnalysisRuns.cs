using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Webhooks.Contracts;

namespace ProductDescriber.Specs.Analysis;

/// <summary>Moves a run from state to state, each change committed and then published.</summary>
internal sealed class AnalysisRuns(IDbContextFactory<SpecsDbContext> contexts, ICostLedger ledger, IEventBus bus, IWebhookEvents webhooks, TimeProvider time)
{
    /// <summary>Raw replies are kept for diagnosis, not archived: a runaway reply is cut here.</summary>
    public const int MaxRawReplyLength = 262_144;

    public async Task<AnalysisRun?> FindAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AnalysisRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> to the run unless it is already finished; returns the run as stored, or null when it is gone.</summary>
    public Task<AnalysisRun?> UpdateAsync(long runId, Action<AnalysisRun> change, CancellationToken cancellationToken) =>
        UpdateAsync(runId, change, paid: null, cancellationToken);

    /// <summary>As above; with <paramref name="paid"/>, the call's cost row is written in the same commit as the change.</summary>
    private async Task<AnalysisRun?> UpdateAsync(long runId, Action<AnalysisRun> change, Func<AnalysisRun, PaidCall>? paid, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.AnalysisRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return run;
        }

        var before = run.Status;
        change(run);
        run.UpdatedAt = time.GetUtcNow();

        // A change that writes more than the run (a cost row, an end state's webhook event) commits it all at once.
        await using var transaction = paid is not null || run.IsFinished ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (paid is not null)
        {
            await ledger.RecordAsync(db, paid(run), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var raised = run.IsFinished ? await StoreEndAsync(db, run, cancellationToken) : RaisedWebhook.None;
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        if (run.Status != before)
        {
            await AnalysisRunEvents.PublishAsync(bus, run);
        }

        await DispatchEndAsync(raised);
        return run;
    }

    /// <summary>
    /// Stores the webhook event of a run that just ended, in <paramref name="db"/>'s transaction: it commits with the
    /// end state, so no crash keeps one without the other. Call <see cref="DispatchEndAsync"/> after the commit.
    /// </summary>
    public Task<RaisedWebhook> StoreEndAsync(SpecsDbContext db, AnalysisRun run, CancellationToken cancellationToken) =>
        webhooks.StoreAsync(db, AnalysisWebhook.For(run), cancellationToken);

    /// <summary>Schedules the deliveries of <see cref="StoreEndAsync"/> once its transaction committed.</summary>
    public Task DispatchEndAsync(RaisedWebhook raised) => webhooks.DispatchAsync(raised, CancellationToken.None);

    /// <summary>Fails the run; <paramref name="usage"/> is that of a provider call that answered, written with the failure.</summary>
    public Task<AnalysisRun?> FailAsync(long runId, string kind, string message, string? rawReply = null, IReadOnlyList<Specifications.StoredIssue>? issues = null, CallUsage? usage = null) =>
        UpdateAsync(
            runId,
            run =>
            {
                run.Status = AnalysisStatus.Failed;
                run.ErrorKind = kind;
                run.ErrorMessage = message.Length > 4000 ? message[..4000] : message;
                run.RawReply = rawReply is { Length: > MaxRawReplyLength } ? rawReply[..MaxRawReplyLength] : rawReply;
                run.ValidationIssues = issues is null ? run.ValidationIssues : [.. issues];
                run.CompletedAt = time.GetUtcNow();
                usage?.AddTo(run);
            },

            // A call that answered is paid even when its reply was unusable: its cost row commits with the failure.
            usage is null ? null : run => usage.ToPaidCall(run, time.GetUtcNow(), specificationVersion: null, outcome: kind),

            // A failure is recorded even when the job's own token was cancelled (deadline).
            CancellationToken.None);
}
