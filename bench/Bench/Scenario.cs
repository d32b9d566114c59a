namespace ProductDescriber.Bench;

/// <summary>One thing to measure: a GraphQL document and the plain endpoint that must answer the same bytes.</summary>
internal sealed record Scenario(string Name, string Description, string GraphQLQuery, string PlainPath)
{
    private const string UserFields = "id username email role isActive createdAt";

    public static Scenario Named(string name) => name switch
    {
        "me" => new(name, "the caller (one primary-key read after the session check)",
            $"query Me {{ me {{ {UserFields} }} }}",
            "/plain/me"),
        "users" => new(name, "first page of 20 users with totalCount and pageInfo (admin)",
            $"query Users {{ users(first: 20) {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {UserFields} }} }} }}",
            "/plain/users?first=20"),
        "typename" => new(name, "no data access: transport, parsing, validation and execution only",
            "query Typename { __typename }",
            "/plain/typename"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };
}
