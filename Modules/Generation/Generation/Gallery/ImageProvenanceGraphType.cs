using GraphQL.Types;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Gallery;

/// <summary>An image's provenance, read from the image row and its request (both fixed once written).</summary>
internal sealed record ImageProvenanceView(GalleryImage Image, GenerationRequest Request);

internal sealed class ImageProvenanceGraphType : ObjectGraphType<ImageProvenanceView>
{
    public ImageProvenanceGraphType()
    {
        Name = "ImageProvenance";
        Description = "Where a generated image came from. The same facts are written into the file as XMP.";
        this.AddSpecificationField("The specification version used; null if it was deleted.", p => p.Request.SpecificationId);
        Field<NonNullGraphType<IdGraphType>>("specificationId")
            .Description("Its global id (kept when the version itself is gone).")
            .Resolve(ctx => GenerationIds.Specification(ctx.Source.Request.SpecificationId));
        Field<NonNullGraphType<IntGraphType>>("specificationVersion").Description("Its version number.").Resolve(ctx => ctx.Source.Image.SpecificationVersion);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("referenceImageIds")
            .Description("Global ids of the reference photos sent, primary first (also of photos deleted since).")
            .Resolve(ctx => ctx.Source.Request.ReferenceImageIds.Select(GenerationIds.ReferenceImage).ToList());
        Field<NonNullGraphType<StringGraphType>>("provider").Description("The provider's name.").Resolve(ctx => ctx.Source.Request.Provider);
        Field<StringGraphType>("model").Description("The model that made it, as the provider reported (else the request's).").Resolve(ctx => ctx.Source.Image.Model ?? ctx.Source.Request.Model);
        Field<NonNullGraphType<StringGraphType>>("resolution").Description("`1K`, `2K` or `4K` as requested.").Resolve(ctx => ctx.Source.Request.Resolution);
        Field<NonNullGraphType<StringGraphType>>("aspectRatio").Description("As requested, e.g. `16:9`.").Resolve(ctx => ctx.Source.Request.AspectRatio);
        Field<StringGraphType>("seed").Description("The seed passed, when one was given.").Resolve(ctx => ctx.Source.Request.Seed);
        Field<NonNullGraphType<StringGraphType>>("promptSha256").Description("SHA-256 of the exact prompt sent (UTF-8), lower-case hex.").Resolve(ctx => ctx.Source.Request.PromptSha256);
        Field<NonNullGraphType<StringGraphType>>("digitalSourceType")
            .Description("IPTC digital source type: `http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`, or `compositeWithTrainedAlgorithmicMedia` for the Offline compositor.")
            .Resolve(ctx => ctx.Source.Image.DigitalSourceType);
    }
}
