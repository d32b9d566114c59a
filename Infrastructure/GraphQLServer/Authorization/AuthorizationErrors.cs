using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Authorization;

/// <summary>No valid token was presented for a field that needs one (HTTP 401 under graphql-response+json).</summary>
internal sealed class AuthenticationRequiredError : ValidationError
{
    public AuthenticationRequiredError(ROM document, string message, ASTNode node)
        : base(document, null, message, node)
    {
        Code = "UNAUTHENTICATED";
    }
}

/// <summary>The caller is known but lacks the role a field needs (HTTP 403 under graphql-response+json).</summary>
internal sealed class ForbiddenError : ValidationError
{
    public ForbiddenError(ROM document, string message, ASTNode node)
        : base(document, null, message, node)
    {
        Code = "FORBIDDEN";
    }
}
