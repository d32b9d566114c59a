using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.Products;

/// <summary>A product read with its primary photo in the same statement (<see cref="ProductRows"/>), to prime the request's primaryImage loader.</summary>
internal sealed record ProductWithPrimaryImage(ProductInfo Product, ReferenceImageInfo? PrimaryImage);
