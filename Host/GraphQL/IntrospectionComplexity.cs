using GraphQL.Validation.Complexity;

namespace ProductDescriber.Host.GraphQL;

/// <summary>
/// Introspection costs nothing in the complexity budget: its size is bounded by the schema, not by the client, and
/// IDEs' standard introspection query (Banana Cake Pop's scores over 300,000) would otherwise never fit a budget
/// that still stops abusive data queries. Depth still applies.
/// </summary>
internal static class IntrospectionComplexity
{
    public static void ExemptIntrospection(this ComplexityOptions options)
    {
        var standard = options.DefaultComplexityImpactDelegate;
        options.DefaultComplexityImpactDelegate = context =>
            context.FieldDefinition.Name is "__schema" or "__type"
            || context.ParentType.Name.StartsWith("__", StringComparison.Ordinal)
                ? new FieldComplexityResult(0, 1)
                : standard(context);
    }
}
