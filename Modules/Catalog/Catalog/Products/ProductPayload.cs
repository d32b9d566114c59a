using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.Products;

/// <summary>The result of createProduct, updateProduct, archiveProduct and restoreProduct.</summary>
internal sealed record ProductPayload(ProductInfo? Product, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static ProductPayload Success(ProductInfo product) => new(product, []);

    public static ProductPayload Failure(params PayloadError[] errors) => new(null, errors);
}

internal sealed class ProductPayloadGraphType : PayloadGraphType<ProductPayload>
{
    public ProductPayloadGraphType()
        : base("ProductPayload")
    {
        Description = "Result of a mutation that changes a product.";
        Field<ProductGraphType>("product").Description("The product as changed; null when the mutation failed.").Resolve(ctx => ctx.Source.Product);
    }
}
