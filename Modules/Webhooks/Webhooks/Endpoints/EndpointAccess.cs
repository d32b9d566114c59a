using System.Security.Claims;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary>Who may see and change an endpoint: whoever registered it, and admins (who see every endpoint).</summary>
internal static class EndpointAccess
{
    public static readonly ForbiddenError SignInFirst = new("Sign in to register webhooks.");

    public static bool MaySee(WebhookEndpoint endpoint, ClaimsPrincipal? caller) =>
        caller.IsAdmin() || (caller.GetUserId() is { } id && id == endpoint.OwnerId);
}
