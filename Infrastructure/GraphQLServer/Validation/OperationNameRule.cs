using GraphQL.Validation;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// Notes the operation name for the request log line. The document's size limits are not a rule: they are checked
/// right after parsing, before validation starts (<see cref="SizeCheckedDocumentBuilder"/>).
/// </summary>
internal sealed class OperationNameRule : ValidationRuleBase, IRepeatableValidationRule
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.UserContext is RequestContext request)
        {
            request.OperationName = context.Operation.Name?.StringValue;
        }

        return default;
    }
}
