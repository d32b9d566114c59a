using System.Linq.Expressions;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.ReferenceImages;

namespace ProductDescriber.Catalog.Products;

/// <summary>A product read with its primary photo in the same statement, to prime the request's primaryImage loader.</summary>
internal sealed class ProductWithPrimaryImage
{
    /// <summary>
    /// The result of a left join of products with their primary photos (<c>is_primary</c>, at most one per product by
    /// a unique index). A join, not a <c>FirstOrDefault</c> subquery: EF turns that into a window over every primary
    /// photo of the catalogue, which PostgreSQL computes before it joins, whatever the page.
    /// </summary>
    public static readonly Expression<Func<Product, ReferenceImage?, ProductWithPrimaryImage>> Of = (p, i) => new ProductWithPrimaryImage
    {
        Product = p,
        PrimaryImage = i == null ? null : i.ToInfo(),
    };

    public required Product Product { get; init; }

    public ReferenceImageInfo? PrimaryImage { get; init; }
}
