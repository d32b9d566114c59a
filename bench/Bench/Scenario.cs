namespace ProductDescriber.Bench;

/// <summary>One thing to measure: a GraphQL document and the plain endpoint that must answer the same bytes.</summary>
internal sealed record Scenario(string Name, string Description, string GraphQLQuery, string PlainPath)
{
    private const string UserFields = "id username email role isActive createdAt";

    // No signed `url`: a fresh link per request would make every answer different, so nothing could be compared.
    private const string ProductFields =
        "id name slug primaryImage { id width height mimeType } " +
        "activeSpecification { id version materialType confidenceOverall primaryDimensions { width height depth unit } " +
        "primaryColors { primary { hex name coverage } secondary { hex name coverage } accent { hex name coverage } } }";

    public static Scenario Named(string name) => name switch
    {
        "me" => new(name, "the caller (one primary-key read after the session check)",
            $"query Me {{ me {{ {UserFields} }} }}",
            "/plain/me"),
        "users" => new(name, "first page of 20 users with totalCount and pageInfo (admin)",
            $"query Users {{ users(first: 20) {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {UserFields} }} }} }}",
            "/plain/users?first=20"),
        "products" => new(name, "first page of 20 products, each with its primary photo and its active specification's derived fields",
            $"query Products {{ products(first: 20) {{ nodes {{ {ProductFields} }} }} }}",
            "/plain/products?first=20"),
        "typename" => new(name, "no data access: transport, parsing, validation and execution only",
            "query Typename { __typename }",
            "/plain/typename"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };
}
