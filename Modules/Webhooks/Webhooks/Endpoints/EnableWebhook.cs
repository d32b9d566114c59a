using System.Security.Claims;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary><c>enableWebhook</c>: an endpoint disabled for failing receives events again (those raised from now on). Its owner or an admin.</summary>
internal static class EnableWebhook
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<EnableWebhookPayloadGraphType>, EndpointPayload>("enableWebhook")
            .Description("Enables an endpoint that was disabled after failing: events raised from now on are delivered to it. Its owner or an admin.")
            .Argument<NonNullGraphType<EnableWebhookInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<EnableWebhookHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.EnableAsync(ctx.GetArgument<EndpointIdInput>("input").EndpointId, ctx.User, ctx.CancellationToken));
}

internal sealed class EnableWebhookInputGraphType() : EndpointIdInputGraphType("EnableWebhookInput");

internal sealed class EnableWebhookPayloadGraphType() : EndpointPayloadGraphType("EnableWebhookPayload", withSecret: false);

internal sealed class EnableWebhookHandler(WebhooksDbContext db)
{
    public async Task<EndpointPayload> EnableAsync(string endpointId, ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (await db.FindForChangeAsync(endpointId, caller, cancellationToken) is not { } endpoint)
        {
            return EndpointPayload.Refused(WebhooksIds.EndpointNotFound);
        }

        endpoint.Enabled = true;
        endpoint.DisabledAt = null;
        endpoint.DisabledReason = null;
        endpoint.FailingSince = null;
        await db.SaveChangesAsync(cancellationToken);
        return new EndpointPayload(endpoint, null, []);
    }
}
