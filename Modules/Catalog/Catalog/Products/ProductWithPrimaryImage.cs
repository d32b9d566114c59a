using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.Products;

/// <summary>A product read with its primary photo in the same statement, to prime the request's primaryImage loader.</summary>
internal sealed class ProductWithPrimaryImage
{
    public required Product Product { get; init; }

    public ReferenceImageInfo? PrimaryImage { get; init; }
}
