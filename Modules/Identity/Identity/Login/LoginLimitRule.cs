using GraphQL.Validation;
using GraphQLParser.AST;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;

namespace ProductDescriber.Identity.Login;

/// <summary>
/// At most one <c>login</c> field per document. Each login costs a bcrypt hash, and aliases
/// (<c>a: login(...) b: login(...)</c>) would let one request run hundreds of them; successful ones are not even
/// counted by the throttle. Checked while validating, so a refused document runs no login at all. A check of the
/// document as written: registered at <see cref="GraphQLRuleStage.Document"/>, the server decides the rest.
/// </summary>
internal sealed class LoginLimitRule : ValidationRuleBase, IRepeatableValidationRule
{
    public const string Code = "LOGIN_LIMIT";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var logins = 0;
        return new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            if (field.Name.Value == "login" && ReferenceEquals(ctx.TypeInfo.GetParentType(), ctx.Schema.Mutation) && ++logins == 2)
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, null, "A request may hold only one `login` field; send each login as its own request.", field)
                {
                    Code = Code,
                });
            }
        }));
    }
}
