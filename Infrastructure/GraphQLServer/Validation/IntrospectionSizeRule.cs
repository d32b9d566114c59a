using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// Refuses an operation whose introspection answer would hold more than <c>GraphQL:MaxIntrospectionValues</c>
/// values (see <see cref="IntrospectionSize"/>), with code <c>COMPLEXITY</c> like the data budget. Introspection is
/// kept out of the complexity score (<see cref="IntrospectionComplexity"/>) and measured here instead. Runs after
/// the other rules, on a valid document whose arguments are parsed, as GraphQL.NET's complexity rule does.
/// </summary>
internal sealed class IntrospectionSizeRule(IOptions<GraphQLServerOptions> options) : ValidationRuleBase, IRepeatableValidationRule
{
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        if (context.HasErrors)
        {
            return default;
        }

        var budget = options.Value.MaxIntrospectionValues;
        var size = IntrospectionSize.Measure(context.Schema, context.Document, context.Operation, field => TypeName(context, field), budget);
        if (size.UnknownField is { } unknown)
        {
            context.ReportError(new ComplexityError($"The introspection field {unknown} has no known size on this server; leave it out of the query."));
        }
        else if (size.Exceeded)
        {
            context.ReportError(new ComplexityError($"The introspection answer would hold more than {budget} values; the standard introspection query needs far fewer. Ask for less."));
        }

        return default;
    }

    private static string? TypeName(ValidationContext context, GraphQLField field) =>
        context.ArgumentValues?.TryGetValue(field, out var arguments) == true && arguments.TryGetValue("name", out var name)
            ? name.Value as string
            : null;
}
