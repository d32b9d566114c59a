using GraphQL.Types;

namespace ProductDescriber.Catalog.Products;

/// <summary>The input of mutations that name only a product (archive, restore, delete), each under its own type name.</summary>
internal sealed class ProductIdInput
{
    public string ProductId { get; init; } = "";
}

internal abstract class ProductIdInputGraphType : InputObjectGraphType<ProductIdInput>
{
    protected ProductIdInputGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.");
    }
}
