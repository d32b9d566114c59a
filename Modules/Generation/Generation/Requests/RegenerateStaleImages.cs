using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Requests;

/// <summary>
/// <c>regenerateStaleImages</c>: one new request per request whose pictures follow a specification version older
/// than the product's active one, with the same settings, against the active version. A stale request already
/// regenerated against the active version is skipped, so calling it twice pays once.
/// </summary>
internal static class RegenerateStaleImages
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RegenerateStaleImagesPayloadGraphType>, RegenerateStaleImagesPayload>("regenerateStaleImages")
            .Description("Makes one new request per stale request of the product (its pictures follow an older specification version than the active one), with the same settings, against the active specification. Requests already regenerated against the active version are skipped.")
            .Argument<NonNullGraphType<RegenerateStaleImagesInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<RegenerateStaleImagesHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.RegenerateAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class ProductIdInput
{
    public string ProductId { get; init; } = "";
}

internal sealed class RegenerateStaleImagesInputGraphType : InputObjectGraphType<ProductIdInput>
{
    public RegenerateStaleImagesInputGraphType()
    {
        Name = "RegenerateStaleImagesInput";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product whose stale pictures to make again.");
    }
}

internal sealed record RegenerateStaleImagesPayload(IReadOnlyList<GenerationRequest> Requests, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class RegenerateStaleImagesPayloadGraphType : PayloadGraphType<RegenerateStaleImagesPayload>
{
    public RegenerateStaleImagesPayloadGraphType()
        : base("RegenerateStaleImagesPayload")
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GenerationRequestGraphType>>>>("requests")
            .Description("The new requests (PENDING), oldest stale request first; empty when nothing was stale.")
            .Resolve(ctx => ctx.Source.Requests);
    }
}

internal sealed class RegenerateStaleImagesHandler(GenerationDbContext db, ISpecificationCatalog specifications, GenerateImagesHandler generate)
{
    public async Task<RegenerateStaleImagesPayload> RegenerateAsync(string productGlobalId, long? callerId, CancellationToken cancellationToken)
    {
        if (!GenerationIds.TryProduct(productGlobalId, out var productId))
        {
            return new RegenerateStaleImagesPayload([], [GenerationIds.ProductNotFound]);
        }

        if (await specifications.FindActiveAsync(productId, cancellationToken) is not { } active)
        {
            return new RegenerateStaleImagesPayload([], [new NoSpecificationError(productGlobalId)]);
        }

        var staleRequestIds = await db.Images.AsNoTracking()
            .Where(i => i.ProductId == productId && i.SpecificationVersion < active.Version)
            .Select(i => i.RequestId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var alreadyRedone = await db.Requests.AsNoTracking()
            .Where(r => r.ProductId == productId && r.SpecificationVersion == active.Version && r.RegeneratedFromId != null)
            .Select(r => r.RegeneratedFromId!.Value)
            .ToListAsync(cancellationToken);
        var stale = await db.Requests.AsNoTracking()
            .Where(r => staleRequestIds.Contains(r.Id) && !alreadyRedone.Contains(r.Id))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);

        var made = new List<GenerationRequest>();
        foreach (var old in stale)
        {
            var payload = await generate.StartAsync(Repeat(old, productGlobalId), callerId, old.Id, cancellationToken);
            if (payload.Request is null)
            {
                // Stop at the first refusal (e.g. the cap on unfinished requests): what was made stands, the rest can
                // be asked for again later and only the missing ones will be made.
                return new RegenerateStaleImagesPayload(made, payload.Errors);
            }

            made.Add(payload.Request);
        }

        return new RegenerateStaleImagesPayload(made, []);
    }

    private static GenerateImagesInput Repeat(GenerationRequest old, string productId) => new()
    {
        ProductId = productId,
        Prompt = old.Prompt,
        CustomPromptOverride = old.CustomPromptOverride,
        AspectRatio = old.AspectRatio,
        Resolution = old.Resolution,
        Count = old.Count,
        Seed = old.Seed,
        Provider = old.Provider,

        // Checked pictures stay checked: the repeat is described too, by the same vision provider.
        DescribeImages = old.DescribeImages,
        DescribeProvider = old.DescribeProvider,
    };
}
