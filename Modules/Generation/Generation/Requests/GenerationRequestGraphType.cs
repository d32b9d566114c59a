using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Generation.Contracts;
using ProductDescriber.Generation.Gallery;

namespace ProductDescriber.Generation.Requests;

internal sealed class GenerationRequestGraphType : NodeGraphType<GenerationRequest>
{
    public GenerationRequestGraphType()
        : base(GenerationGraphTypes.GenerationRequest, r => r.Id)
    {
        Description = "One request for new pictures of a product, and what became of it. What is sent to the provider is fixed when it is made.";
        this.AddProductField("The product pictured.", r => r.ProductId);
        Field<NonNullGraphType<GenerationStatusGraphType>>("status")
            .Description("PENDING, then RUNNING, then SUCCEEDED, PARTIAL (some images), FAILED (none) or CANCELLED.")
            .Resolve(ctx => ctx.Source.Status);
        Field(r => r.Prompt).Description("The user's creative prompt.");
        Field(r => r.CustomPromptOverride, nullable: true).Description("Text sent verbatim instead of the prompt built from the specification; null when not given.");
        Field(r => r.EffectivePrompt).Description("The exact text sent to the provider.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("uncertainFields")
            .Description("Specification paths whose confidence was below the threshold, so the prompt did not state them as facts.")
            .Resolve(ctx => ctx.Source.UncertainFields);
        Field(r => r.AspectRatio).Description("Width to height, e.g. `16:9`.");
        Field(r => r.Resolution).Description("`1K`, `2K` or `4K`.");
        Field(r => r.Count).Description("Images requested (1 to 8).");
        Field(r => r.Seed, nullable: true).Description("The seed passed to the provider, when one was given.");
        Field(r => r.Provider).Description("The provider's name.");
        Field(r => r.Model, nullable: true).Description("The model that answered (as the provider reported), else the configured one.");
        Field(r => r.DescribeImages).Description("Whether each picture is described back into the template and compared with the specification (`GeneratedImage.description`).");
        Field(r => r.DescribeProvider, nullable: true).Description("The vision provider describing them; null when `describeImages` is false.");
        this.AddSpecificationField("The specification version the prompt was built from; null if it was deleted.", r => r.SpecificationId);
        Field(r => r.SpecificationVersion).Description("That version's number (kept when the version itself is gone).");
        this.AddReferenceImagesField("The photos sent, primary first, that still exist.", r => r.ProductId, r => r.ReferenceImageIds);
        Field<NonNullGraphType<GenerationProgressGraphType>>("progress")
            .Description("Images stored so far, of those requested.")
            .Resolve(ctx => new GenerationProgress(ctx.Source.ImagesDone, ctx.Source.Count));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GeneratedImageGraphType>>>, IReadOnlyList<GalleryImage>>("images")
            .Description("The images stored so far, by index.")
            .Resolve()
            .WithService<ImagesByRequestLoader>()
            .ResolveAsync((ctx, images) => images.LoadAsync(ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImageFailureGraphType>>>>("failures")
            .Description("Why each missing image is missing, by index.")
            .Resolve(ctx => ctx.Source.Failures.OrderBy(f => f.Index).ToList());
        Field(r => r.ErrorKind, nullable: true).Description("Why the request failed as a whole (e.g. the provider's error kind); null otherwise.");
        Field(r => r.ErrorMessage, nullable: true).Description("Why it failed, for people.");
        Field(r => r.CancelRequestedAt, nullable: true).Description("When cancelGeneration was asked for it; null if never. A running request ends CANCELLED once its Host hears.");
        Field(r => r.Attempts).Description("Provider calls made, retries and re-runs after a crash included.");
        Field(r => r.InputTokens, nullable: true).Description("Tokens the provider read, when it reports them.");
        Field(r => r.OutputTokens, nullable: true).Description("Tokens the provider wrote, when it reports them.");
        Field(r => r.DurationMs, nullable: true).Description("Time spent in provider calls, in milliseconds.");
        Field<GenerationRequestGraphType, GenerationRequest?>("regeneratedFrom")
            .Description("The request this one repeats against a newer specification; null if none (or deleted).")
            .Resolve()
            .WithService<GenerationRequestByIdLoader>()
            .ResolveAsync((ctx, requests) => ctx.Source.RegeneratedFromId is { } id ? requests.LoadAsync(id) : new ReadyResult<GenerationRequest?>(null));
        this.AddUserField("requestedBy", "Who asked for it; null if unknown or deleted.", r => r.RequestedById);
        Field(r => r.CreatedAt).Description("When it was requested.");
        Field(r => r.StartedAt, nullable: true).Description("When its job first started.");
        Field(r => r.CompletedAt, nullable: true).Description("When it reached its final state.");
        Field(r => r.IsFinished).Description("Whether it is SUCCEEDED, PARTIAL, FAILED or CANCELLED (nothing more will change but its deletion).");
    }
}

internal sealed class GenerationStatusGraphType : EnumerationGraphType<GenerationStatus>
{
    public GenerationStatusGraphType()
    {
        Name = "GenerationStatus";
        Description = "Where a generation request is.";
    }
}

internal sealed record GenerationProgress(int Done, int Requested);

internal sealed class GenerationProgressGraphType : ObjectGraphType<GenerationProgress>
{
    public GenerationProgressGraphType()
    {
        Name = "GenerationProgress";
        Description = "How far a request is.";
        Field(p => p.Done).Description("Images stored.");
        Field(p => p.Requested).Description("Images requested.");
    }
}

internal sealed class ImageFailureGraphType : ObjectGraphType<ImageFailure>
{
    public ImageFailureGraphType()
    {
        Name = "ImageFailure";
        Description = "Why one image of a request was not made.";
        Field(f => f.Index).Description("The image's 0-based index in its request.");
        Field(f => f.Kind).Description("SAFETY_BLOCK, RATE_LIMITED, NO_IMAGE, INVALID_IMAGE, CANCELLED, or the provider's error kind.");
        Field(f => f.Message).Description("The provider's words, or ours.");
    }
}
