using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Descriptions;

/// <summary>
/// Moves an image's description from state to state, each change committed under a lock on the image's row (so the
/// describe job and describeGeneratedImage, on any Host, never overwrite each other) and then published on the
/// image's request topic, which is what a gallery or a request subscription re-reads.
/// </summary>
internal sealed class ImageDescriptions(IDbContextFactory<GenerationDbContext> contexts, IEventBus bus, TimeProvider time)
{
    /// <summary>
    /// The image and its request with the description moved to RUNNING, when it was PENDING or RUNNING (a re-run after
    /// a crash); null when the image is gone or its description finished (nothing to do, nothing to pay).
    /// </summary>
    public async Task<(GalleryImage Image, GenerationRequest Request)?> StartAsync(long imageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var image = await LockAsync(db, imageId, cancellationToken);
        if (image?.Description is not { IsFinished: false } description)
        {
            return null;
        }

        var request = await db.Requests.AsNoTracking().FirstAsync(r => r.Id == image.RequestId, cancellationToken);
        if (description.Status == DescriptionStatus.Pending)
        {
            Set(image, description with { Status = DescriptionStatus.Running });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (image, request);
    }

    /// <summary>
    /// Records <paramref name="outcome"/> for attempt <paramref name="attempt"/> with its cost row in one commit, unless
    /// that attempt was finished meanwhile (another execution of the job). The cost row is written either way: its key
    /// is the attempt's, so it is the same row, and a call that answered was billed.
    /// </summary>
    public async Task FinishAsync(long imageId, int attempt, Func<ImageDescription, ImageDescription> outcome, PaidCall? paid, ICostLedger ledger)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var image = await LockAsync(db, imageId, CancellationToken.None);
        if (paid is not null)
        {
            await ledger.RecordAsync(db, paid, CancellationToken.None);
        }

        var changed = false;
        if (image?.Description is { IsFinished: false } description && description.Attempt == attempt)
        {
            Set(image, outcome(description) with { CompletedAt = time.GetUtcNow() });
            changed = true;
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        if (changed)
        {
            await PublishAsync(db, image!.RequestId);
        }
    }

    /// <summary>
    /// Asks for a new description of the image (describeGeneratedImage): PENDING with the next attempt number, once
    /// the call fits the budgets (checked under their locks, held to this commit). Returns the image as it is now and
    /// why nothing was asked for, if so: the image is gone (null image), a description is unfinished, or a budget.
    /// </summary>
    public async Task<(GalleryImage? Image, PayloadError? Refusal)> RequestAsync(
        long imageId, string provider, long? requestedById, IBudgetGuard budgets, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var image = await LockAsync(db, imageId, cancellationToken);
        if (image is null)
        {
            return (null, null);
        }

        if (image.Description is { IsFinished: false })
        {
            return (image, new ConflictError("This image is being described already; wait for that description to finish."));
        }

        var plan = new PlannedSpend(requestedById, image.ProductId, PaidCallKind.Vision, provider, null, null, 1);
        if (await budgets.CheckAsync(db, plan, cancellationToken) is { } overBudget)
        {
            return (image, overBudget);
        }

        Set(image, ImageDescription.Pending((image.Description?.Attempt ?? 0) + 1, provider, image.SpecificationVersion, requestedById, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await PublishAsync(db, image.RequestId);
        return (image, null);
    }

    public async Task<long?> FindRequestIdAsync(long imageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().Where(i => i.Id == imageId).Select(i => (long?)i.RequestId).FirstOrDefaultAsync(cancellationToken);
    }

    private static void Set(GalleryImage image, ImageDescription description)
    {
        image.Description = description;
        image.DescriptionStatus = description.Status;
    }

    private static Task<GalleryImage?> LockAsync(GenerationDbContext db, long imageId, CancellationToken cancellationToken) =>
        db.Images.FromSql($"SELECT * FROM generation.generated_images WHERE id = {imageId} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);

    private async Task PublishAsync(GenerationDbContext db, long requestId)
    {
        if (await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, CancellationToken.None) is { } request)
        {
            await GenerationEvents.PublishAsync(bus, request);
        }
    }
}
