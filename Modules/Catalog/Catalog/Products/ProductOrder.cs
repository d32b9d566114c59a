using GraphQL.Types;

namespace ProductDescriber.Catalog.Products;

/// <summary>The <c>orderBy</c> argument of <c>products</c> (see <see cref="ListProducts"/>).</summary>
internal sealed class ProductOrderInputGraphType : InputObjectGraphType
{
    public ProductOrderInputGraphType()
    {
        Name = "ProductOrder";
        Description = "Ordering of `products`; ties are broken by id, so paging is stable.";
        Field<NonNullGraphType<ProductOrderFieldGraphType>>("field").Description("What to order by.");
        Field<NonNullGraphType<SortDirectionGraphType>>("direction").Description("Ascending or descending.").DefaultValue(SortDirection.Asc);
    }
}

internal enum ProductOrderField
{
    Name,
    CreatedAt,
    UpdatedAt,
    Relevance,
}

internal enum SortDirection
{
    Asc,
    Desc,
}

internal sealed class ProductOrderFieldGraphType : EnumerationGraphType
{
    public ProductOrderFieldGraphType()
    {
        Name = "ProductOrderField";
        Add("NAME", ProductOrderField.Name, "Name, case-insensitive.");
        Add("CREATED_AT", ProductOrderField.CreatedAt, "Creation time.");
        Add("UPDATED_AT", ProductOrderField.UpdatedAt, "Last change.");
        Add("RELEVANCE", ProductOrderField.Relevance, "Full-text rank; only with `search` (descending = best first).");
    }
}

internal sealed class SortDirectionGraphType : EnumerationGraphType
{
    public SortDirectionGraphType()
    {
        Name = "SortDirection";
        Add("ASC", SortDirection.Asc, "Smallest first.");
        Add("DESC", SortDirection.Desc, "Largest first.");
    }
}
