using GraphQL.Validation.Complexity;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// Introspection costs nothing in the complexity score: the score multiplies every list by a guessed page size, so
/// IDEs' standard introspection query (Banana Cake Pop's scores over 300,000) would never fit a budget that still
/// stops abusive data queries. Introspection has its own budget instead, measured on the schema's real lists
/// (<see cref="IntrospectionSizeRule"/>). Depth still applies.
/// </summary>
internal static class IntrospectionComplexity
{
    public static void LeaveIntrospectionToItsOwnBudget(this ComplexityOptions options)
    {
        var standard = options.DefaultComplexityImpactDelegate;
        options.DefaultComplexityImpactDelegate = context =>
            context.FieldDefinition.Name is "__schema" or "__type"
            || context.ParentType.Name.StartsWith("__", StringComparison.Ordinal)
                ? new FieldComplexityResult(0, 1)
                : standard(context);
    }
}
