using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer;

/// <summary>Limits that keep one request from costing the server more than it should (section <c>GraphQL</c>).</summary>
internal sealed class GraphQLServerOptions
{
    /// <summary>Deepest field nesting accepted (counting every level, leaves included).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Largest complexity score accepted (each field 1, lists multiply by their page size).</summary>
    public int MaxComplexity { get; set; } = 10_000;

    /// <summary>Deepest AST nesting the parser accepts (fields, arguments, values).</summary>
    public int MaxParserDepth { get; set; } = 64;

    public int ExecutionTimeoutSeconds { get; set; } = 30;

    /// <summary>Largest JSON body or GET query string; bigger requests get 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Most operations in one batched (JSON array) request.</summary>
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Most operations and fragments in one document.</summary>
    public int MaxDefinitions { get; set; } = 50;

    /// <summary>
    /// Most field selections in one document, a fragment's fields counted each time it is spread; checked right
    /// after parsing, before validation. Complexity alone lets thousands of aliases of a cheap field through (each
    /// costs 1), and validation time grows faster than the document: this stops such floods outright.
    /// </summary>
    public int MaxFields { get; set; } = 1000;

    /// <summary>
    /// Most values (fields and list items) an operation's introspection answer may hold, counted over the schema's
    /// real lists. Introspection has no place in the complexity score (the IDE's query would never fit it), so it
    /// has this budget of its own, with room for the standard introspection query and little more.
    /// </summary>
    public int MaxIntrospectionValues { get; set; } = 50_000;

    /// <summary>
    /// Who may introspect the schema: <c>Anonymous</c> (default in Development), <c>Authenticated</c> (default
    /// elsewhere) or <c>Disabled</c>.
    /// </summary>
    public IntrospectionAccess? Introspection { get; set; }
}

internal enum IntrospectionAccess
{
    Anonymous,
    Authenticated,
    Disabled,
}
