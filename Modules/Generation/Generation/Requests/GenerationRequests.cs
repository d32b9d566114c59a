using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Webhooks.Contracts;

namespace ProductDescriber.Generation.Requests;

/// <summary>Moves a request from state to state, each change committed and then published.</summary>
internal sealed class GenerationRequests(IDbContextFactory<GenerationDbContext> contexts, IEventBus bus, IWebhookEvents webhooks, TimeProvider time)
{
    public async Task<GenerationRequest?> FindAsync(long requestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the request unless it is already finished; returns the request as stored,
    /// or null when it is gone. Published when what a subscriber sees changed (status, pictures stored or failed, cancellation).
    /// </summary>
    public Task<GenerationRequest?> UpdateAsync(long requestId, Action<GenerationRequest> change, CancellationToken cancellationToken) =>
        UpdateAsync(requestId, change, alongside: null, cancellationToken);

    /// <summary>
    /// As <see cref="UpdateAsync(long, Action{GenerationRequest}, CancellationToken)"/>, with
    /// <paramref name="alongside"/> written in the same commit (a stored picture's row with the progress it makes):
    /// neither happens if the request is finished or gone.
    /// </summary>
    public async Task<GenerationRequest?> UpdateAsync(
        long requestId, Action<GenerationRequest> change, Func<GenerationDbContext, CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Locked while changed: the job and cancelGeneration (on any Host) never overwrite each other's change.
        var request = await db.Requests
            .FromSql($"SELECT * FROM generation.generation_requests WHERE id = {requestId} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
        if (request is null || request.IsFinished)
        {
            return request;
        }

        var before = (request.Status, request.ImagesDone, request.Failures.Count, request.CancelRequestedAt);
        if (alongside is not null)
        {
            await alongside(db, cancellationToken);
        }

        change(request);
        request.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        // The end state's webhook event commits with the end state (the one change that can end it: finished requests
        // are not updated), so no crash can keep one without the other.
        var raised = request.IsFinished ? await webhooks.StoreAsync(db, GenerationWebhook.For(request), cancellationToken) : RaisedWebhook.None;
        await transaction.CommitAsync(cancellationToken);
        if (before != (request.Status, request.ImagesDone, request.Failures.Count, request.CancelRequestedAt))
        {
            await GenerationEvents.PublishAsync(bus, request);
        }

        await webhooks.DispatchAsync(raised, CancellationToken.None);

        return request;
    }

    /// <summary>
    /// Ends the request: SUCCEEDED with every image, PARTIAL with some, FAILED with none, or CANCELLED; each missing
    /// image gets <paramref name="reason"/> unless an earlier failure already explains it. Recorded even when the
    /// job's own token was cancelled (deadline, cancellation).
    /// </summary>
    public Task<GenerationRequest?> FinishAsync(long requestId, int imagesDone, IReadOnlyCollection<int> storedIndices, ImageFailure? reason, bool cancelled = false) =>
        UpdateAsync(requestId, Finish(imagesDone, storedIndices, reason, cancelled), CancellationToken.None);

    /// <summary>The change that ends a request (see <see cref="FinishAsync"/>), to apply with another.</summary>
    public Action<GenerationRequest> Finish(int imagesDone, IReadOnlyCollection<int> storedIndices, ImageFailure? reason, bool cancelled = false) =>
            request =>
            {
                request.ImagesDone = imagesDone;
                var failures = request.Failures.Where(f => !storedIndices.Contains(f.Index)).ToList();
                if (reason is not null)
                {
                    foreach (var index in Enumerable.Range(0, request.Count).Where(i => !storedIndices.Contains(i) && failures.All(f => f.Index != i)))
                    {
                        failures.Add(reason with { Index = index });
                    }
                }

                request.Failures = [.. failures.OrderBy(f => f.Index)];
                request.Status = cancelled ? GenerationStatus.Cancelled
                    : imagesDone >= request.Count ? GenerationStatus.Succeeded
                    : imagesDone > 0 ? GenerationStatus.Partial
                    : GenerationStatus.Failed;
                if (request.Status != GenerationStatus.Succeeded)
                {
                    var first = cancelled ? new ImageFailure(0, "CANCELLED", "The request was cancelled.") : reason ?? request.Failures.FirstOrDefault();
                    request.ErrorKind = first?.Kind;
                    request.ErrorMessage = first?.Message is { Length: > 4000 } message ? message[..4000] : first?.Message;
                }

                request.CompletedAt = time.GetUtcNow();
            };
}
