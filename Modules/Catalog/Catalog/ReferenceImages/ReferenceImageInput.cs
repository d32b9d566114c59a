using GraphQL.Types;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>The input of mutations that name one image of a product (set primary, delete), each under its own type name.</summary>
internal sealed class ReferenceImageInput
{
    public string ProductId { get; init; } = "";

    public string ReferenceImageId { get; init; } = "";
}

internal abstract class ReferenceImageInputGraphType : InputObjectGraphType<ReferenceImageInput>
{
    protected ReferenceImageInputGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product the image belongs to.");
        Field<NonNullGraphType<IdGraphType>>("referenceImageId").Description("The image.");
    }
}
