using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// One thing to measure: a GraphQL document (with its variables, as JSON, when it has some) and the plain endpoint
/// that must answer the same bytes.
/// </summary>
internal sealed record Scenario(string Name, string Description, string GraphQLQuery, string PlainPath, string? VariablesJson = null)
{
    /// <summary>Scenarios that read seeded products (each with a photo and an analysis).</summary>
    public static readonly IReadOnlyList<string> ProductScenarios = ["product", "product-variables", "products"];

    private const string UserFields = "id username email role isActive createdAt";

    // Signed links are bucketed (FileLinks): every request within a third of their lifetime gets the same URL, so
    // both variants can be compared byte for byte.
    private const string ProductFields =
        "id name slug primaryImage { id width height mimeType url thumbnailUrl } " +
        "activeSpecification { id version materialType confidenceOverall primaryDimensions { width height depth unit } " +
        "primaryColors { primary { hex name coverage } secondary { hex name coverage } accent { hex name coverage } } }";

    public const int ProductsPageSize = 50;

    /// <param name="productId">The product the <c>product</c> scenario reads (database id); unused by the others.</param>
    public static Scenario Named(string name, long productId = 0) => name switch
    {
        "me" => new(name, "the caller: one primary-key read",
            $"query Me {{ me {{ {UserFields} }} }}",
            "/plain/me"),
        "users" => new(name, "first page of 20 users with totalCount and pageInfo (admin)",
            $"query Users {{ users(first: 20) {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {UserFields} }} }} }}",
            "/plain/users?first=20"),
        "product" => new(name, "one product by id with its primary photo's signed links and its active specification's derived fields",
            $"query Product {{ product(id: \"{GlobalId.Encode(CatalogGraphTypes.Product, productId)}\") {{ {ProductFields} }} }}",
            $"/plain/product?id={productId}"),
        "product-variables" => new(name, "as `product`, the id sent as a variable, as web frontends send it",
            $"query Product($id: ID!) {{ product(id: $id) {{ {ProductFields} }} }}",
            $"/plain/product?id={productId}",
            $"{{\"id\":\"{GlobalId.Encode(CatalogGraphTypes.Product, productId)}\"}}"),
        "products" => new(name, $"first page of {ProductsPageSize} products, each as in `product`",
            $"query Products {{ products(first: {ProductsPageSize}) {{ nodes {{ {ProductFields} }} }} }}",
            $"/plain/products?first={ProductsPageSize}"),
        "typename" => new(name, "no data access: transport, parsing, validation and execution only",
            "query Typename { __typename }",
            "/plain/typename"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };
}
