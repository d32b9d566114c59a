using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL;

namespace ProductDescriber.Host.GraphQL.Transport;

/// <summary>
/// Refuses documents with huge numbers of operations, fragments or field selections (alias floods); the
/// complexity analyser covers nesting and list sizes. Also notes the operation name for the request log line.
/// </summary>
internal sealed class DocumentLimitsRule(IOptions<GraphQLServerOptions> options) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.UserContext is RequestContext request)
        {
            request.OperationName = context.Operation.Name?.StringValue;
        }

        var limits = options.Value;
        if (context.Document.Definitions.Count > limits.MaxDefinitions)
        {
            context.ReportError(new ValidationError($"The document has {context.Document.Definitions.Count} definitions; at most {limits.MaxDefinitions} are allowed.")
            {
                Code = "DOCUMENT_TOO_LARGE",
            });
        }

        var fields = 0;
        return new(new MatchingNodeVisitor<GraphQLField>((_, ctx) =>
        {
            if (++fields == limits.MaxFields + 1)
            {
                ctx.ReportError(new ValidationError($"The document selects more than {limits.MaxFields} fields (aliases included); split it into smaller requests.")
                {
                    Code = "COMPLEXITY",
                });
            }
        }));
    }
}
