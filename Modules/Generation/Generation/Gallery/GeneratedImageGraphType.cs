using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Files;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Generation.Contracts;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Gallery;

internal sealed class GeneratedImageGraphType : NodeGraphType<GalleryImage>
{
    public GeneratedImageGraphType()
        : base(GenerationGraphTypes.GeneratedImage, i => i.Id)
    {
        Description = "A picture a generation request made, stored with its provenance.";
        Field(i => i.Index).Description("0-based position in its request.");
        Field<NonNullGraphType<GenerationRequestGraphType>, GenerationRequest?>("request")
            .Description("The request that made it.")
            .Resolve()
            .WithService<GenerationRequestByIdLoader>()
            .ResolveAsync((ctx, requests) => requests.LoadAsync(ctx.Source.RequestId));
        this.AddProductField("The product pictured.", i => i.ProductId);
        this.AddImageLinkFields(i => i.StorageKey);
        Field(i => i.Width).Description("Width in pixels, measured from the file.");
        Field(i => i.Height).Description("Height in pixels, measured from the file.");
        Field(i => i.MimeType).Description("The real type, read from the bytes: image/png, image/jpeg or image/webp.");
        Field(i => i.SizeBytes).Description("File size in bytes.");
        Field(i => i.ModelText, nullable: true).Description("Any text the model returned with the image.");
        Field(i => i.CreatedAt).Description("When it was stored.");
        Field<NonNullGraphType<BooleanGraphType>, bool>("isStale")
            .Description("Whether it was made from an older specification version than the product's active one.")
            .Resolve()
            .WithService<ActiveSpecificationVersionLoader>()
            .ResolveAsync((ctx, versions) => versions.LoadAsync(ctx.Source.ProductId).Then(active => IsStale(ctx.Source, active)));
        Field<ImageFidelityGraphType, ImageFidelity>("fidelity")
            .Description("Its fidelity to the specification's colours and proportions, measured when it was stored; null for images stored before fidelity was measured.")
            .Resolve(ctx => ctx.Source.Fidelity);
        Field<ImageDescriptionGraphType, ImageDescription>("description")
            .Description("The image described back into its specification's template and compared with it (generateImages with `describeImages`, or describeGeneratedImage); null when never asked. Read from the image's own row.")
            .Resolve(ctx => ctx.Source.Description);
        Field<NonNullGraphType<ImageProvenanceGraphType>, ImageProvenanceView>("provenance")
            .Description("Where it came from: specification, photos, provider, settings and a hash of the prompt (also written into the file's XMP).")
            .Resolve()
            .WithService<GenerationRequestByIdLoader>()
            .ResolveAsync((ctx, requests) => requests.LoadAsync(ctx.Source.RequestId).Then(request =>
                new ImageProvenanceView(ctx.Source, request ?? throw new InvalidOperationException($"The request of image {ctx.Source.Id} is gone."))));
    }

    /// <summary>Stale means older than the active version; with no active version (none yet) nothing is stale.</summary>
    public static bool IsStale(GalleryImage image, int? activeVersion) => activeVersion is { } active && image.SpecificationVersion < active;
}
