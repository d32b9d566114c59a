using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Persistence;

namespace ProductDescriber.Generation.Requests;

/// <summary>
/// <c>deleteGeneration</c>: the request, its images and their files (and thumbnails) gone; a running job is told to
/// stop first. Its requester or an admin.
/// </summary>
internal static class DeleteGeneration
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DeleteGenerationPayloadGraphType>, DeleteGenerationPayload>("deleteGeneration")
            .Description("Deletes a generation request with its images and their files, cancelling it first if it is still running. Its requester or an admin.")
            .Argument<NonNullGraphType<DeleteGenerationInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<DeleteGenerationHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.DeleteAsync(ctx.GetArgument<RequestIdInput>("input").RequestId, ctx.User, ctx.CancellationToken));
}

internal sealed class DeleteGenerationInputGraphType() : RequestIdInputGraphType("DeleteGenerationInput");

internal sealed record DeleteGenerationPayload(string? DeletedRequestId, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class DeleteGenerationPayloadGraphType : PayloadGraphType<DeleteGenerationPayload>
{
    public DeleteGenerationPayloadGraphType()
        : base("DeleteGenerationPayload")
    {
        Field<IdGraphType>("deletedRequestId").Description("The id of the request deleted; null when nothing was.").Resolve(ctx => ctx.Source.DeletedRequestId);
    }
}

/// <summary>
/// Rows go in one transaction that also records the deletion of the files; the files go right after the commit,
/// or later by the janitor. A picture the stopping job stores after that fails its insert (the request is gone),
/// and its file is collected by the ledger's upload grace.
/// </summary>
internal sealed class DeleteGenerationHandler(GenerationDbContext db, GenerationRequests requests, IFileLedger ledger, IEventBus bus)
{
    public async Task<DeleteGenerationPayload> DeleteAsync(string requestGlobalId, System.Security.Claims.ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (!GenerationIds.TryRequest(requestGlobalId, out var requestId) || await requests.FindAsync(requestId, cancellationToken) is not { } request)
        {
            return new DeleteGenerationPayload(null, [GenerationIds.RequestNotFound]);
        }

        if (!RequestAccess.MayChange(request, caller))
        {
            return new DeleteGenerationPayload(null, [RequestAccess.Forbidden]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Locked first: a picture the job stores meanwhile waits for this transaction, then fails its foreign key
        // (its file is collected by the upload grace) instead of slipping in between the keys read and the delete.
        await db.Database.ExecuteSqlAsync($"SELECT id FROM generation.generation_requests WHERE id = {requestId} FOR UPDATE", cancellationToken);
        var keys = await db.Images.Where(i => i.RequestId == requestId).Select(i => i.StorageKey).ToListAsync(cancellationToken);
        var files = await ledger.RecordDeletionsAsync(db, [.. keys.SelectMany(GalleryFiles.Of)], cancellationToken);
        var deleted = await db.Requests.Where(r => r.Id == requestId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await GenerationEvents.PublishCancelAsync(bus, requestId);
        await GenerationEvents.PublishAsync(bus, request);
        await ledger.DeleteNowAsync(files, CancellationToken.None);
        return deleted == 0
            ? new DeleteGenerationPayload(null, [GenerationIds.RequestNotFound])
            : new DeleteGenerationPayload(requestGlobalId, []);
    }
}
