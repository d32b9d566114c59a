using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Authorization;

/// <summary>
/// Deny by default: every field needs an authenticated caller unless it is marked <c>AllowAnonymous()</c> (only
/// <c>login</c>) or is introspection that the configuration opens. Fields marked <c>AuthorizeWithRoles</c> also
/// need one of those roles. Checked while validating, so a refused document runs no resolver at all.
/// Fields selected inside an anonymous field (login's payload) are anonymous too.
/// </summary>
internal sealed class AuthorizationRule(IOptions<GraphQLServerOptions> options) : ValidationRuleBase, IRepeatableValidationRule
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var anonymousDepth = 0;
        var reported = false;
        return new(new MatchingNodeVisitor<GraphQLField>(
            enter: (node, ctx) =>
            {
                var field = ctx.TypeInfo.GetFieldDef();
                var parent = ctx.TypeInfo.GetParentType()?.GetNamedType();
                if (field is null || parent is null || reported)
                {
                    return;
                }

                if (anonymousDepth > 0 || field.IsAnonymousAllowed())
                {
                    anonymousDepth++;
                    return;
                }

                if (IsIntrospection(field.Name, parent.Name))
                {
                    CheckIntrospection(node, ctx, ref reported);
                    return;
                }

                if (ctx.User?.Identity?.IsAuthenticated != true)
                {
                    ctx.ReportError(new AuthenticationRequiredError(ctx.Document.Source, AuthenticationMessage(ctx), node));
                    reported = true;
                    return;
                }

                var roles = field.GetRoles();
                if (roles is { Count: > 0 } && !roles.Any(ctx.User.IsInRole))
                {
                    ctx.ReportError(new ForbiddenError(ctx.Document.Source, $"The field '{parent.Name}.{field.Name}' needs the role {string.Join(" or ", roles)}.", node));
                    reported = true;
                }
            },
            leave: (_, ctx) =>
            {
                if (anonymousDepth > 0 && ctx.TypeInfo.GetFieldDef() is not null)
                {
                    anonymousDepth--;
                }
            }));
    }

    private void CheckIntrospection(GraphQLField node, ValidationContext ctx, ref bool reported)
    {
        var access = options.Value.Introspection;
        var authenticated = ctx.User?.Identity?.IsAuthenticated == true;
        if (access == IntrospectionAccess.Disabled && node.Name.Value != "__typename")
        {
            ctx.ReportError(new ForbiddenError(ctx.Document.Source, "Introspection is disabled on this server.", node));
            reported = true;
        }
        else if (access == IntrospectionAccess.Authenticated && !authenticated && node.Name.Value != "__typename")
        {
            ctx.ReportError(new AuthenticationRequiredError(ctx.Document.Source, "Introspection needs a valid access token on this server.", node));
            reported = true;
        }
    }

    /// <summary><c>__schema</c>/<c>__type</c>/<c>__typename</c> and every field of the introspection types.</summary>
    private static bool IsIntrospection(string fieldName, string parentName) =>
        fieldName.StartsWith("__", StringComparison.Ordinal) || parentName.StartsWith("__", StringComparison.Ordinal);

    private static string AuthenticationMessage(ValidationContext context) =>
        (context.UserContext as RequestContext)?.AuthenticationFailure is { } failure
            ? $"Authentication required: {failure}"
            : "Authentication required: send a valid access token (`Authorization: Bearer <token>`; get one with the `login` mutation).";
}
