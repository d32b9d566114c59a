using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace ProductDescriber.Identity.Login;

/// <summary>
/// At most one <c>login</c> field per document. Each login costs a bcrypt hash, and aliases
/// (<c>a: login(...) b: login(...)</c>) would let one request run hundreds of them; successful ones are not even
/// counted by the throttle. Checked while validating, so a refused document runs no login at all. Registered as an
/// execution configuration so the module adds it without the Host naming it.
/// </summary>
internal sealed class LoginLimitRule : ValidationRuleBase, IConfigureExecution
{
    public const string Code = "LOGIN_LIMIT";

    /// <summary>The order GraphQL.NET gives its own <c>AddValidationRule</c> configurations.</summary>
    public float SortOrder => 100;

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        options.ValidationRules = (options.ValidationRules ?? DocumentValidator.CoreRules).Append(this);
        return next(options);
    }

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
