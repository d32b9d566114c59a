using GraphQL;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.Identity;

/// <summary>Who is asking, as Identity's resolvers need it: the signed-in user's id and the client's address.</summary>
internal static class Caller
{
    /// <summary>The authorization rule has already refused anonymous callers for every field that calls this.</summary>
    public static long CallerId(this IResolveFieldContext ctx) =>
        ctx.User.GetUserId() ?? throw new ExecutionError("Authentication required.") { Code = "UNAUTHENTICATED" };

    /// <summary>The address the throttle counts failures against; null when the transport does not know it.</summary>
    public static string? ClientAddress(this IResolveFieldContext ctx) => (ctx.UserContext as RequestContext)?.ClientAddress;
}
