using GraphQL.Validation;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL;

namespace ProductDescriber.Host.GraphQL.Transport;

/// <summary>
/// Refuses documents with huge numbers of operations or fragments before any other rule walks them; the
/// complexity analyser covers alias floods and nesting. Also notes the operation name for the request log line.
/// </summary>
internal sealed class DocumentLimitsRule(IOptions<GraphQLServerOptions> options) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.UserContext is RequestContext request)
        {
            request.OperationName = context.Operation.Name?.StringValue;
        }

        var limit = options.Value.MaxDefinitions;
        if (context.Document.Definitions.Count > limit)
        {
            context.ReportError(new ValidationError($"The document has {context.Document.Definitions.Count} definitions; at most {limit} are allowed.")
            {
                Code = "DOCUMENT_TOO_LARGE",
            });
        }

        return default;
    }
}
