using GraphQL.Validation;
using GraphQLParser.AST;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// GET may run queries only (GraphQL over HTTP: a mutation over GET must not execute). Added to GET requests only;
/// its error type makes the transport answer 405 with <c>Allow: POST</c>.
/// </summary>
internal sealed class QueryOnlyRule : ValidationRuleBase, IRepeatableValidationRule
{
    public static readonly QueryOnlyRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation != OperationType.Query)
        {
            context.ReportError(new MethodNotAllowedError(context.Operation.Operation));
        }

        return default;
    }
}

internal sealed class MethodNotAllowedError : ValidationError
{
    public MethodNotAllowedError(OperationType operation)
        : base($"A {operation.ToString().ToLowerInvariant()} cannot be sent with GET; use POST.")
    {
        Code = "METHOD_NOT_ALLOWED";
    }
}
