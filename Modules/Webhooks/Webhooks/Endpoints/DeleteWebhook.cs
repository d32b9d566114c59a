using System.Security.Claims;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary><c>deleteWebhook</c>: the endpoint and its delivery log are gone; pending attempts find nothing to send. Its owner or an admin.</summary>
internal static class DeleteWebhook
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DeleteWebhookPayloadGraphType>, DeleteWebhookPayload>("deleteWebhook")
            .Description("Deletes an endpoint with its delivery log. Its owner or an admin.")
            .Argument<NonNullGraphType<DeleteWebhookInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<DeleteWebhookHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.DeleteAsync(ctx.GetArgument<EndpointIdInput>("input").EndpointId, ctx.User, ctx.CancellationToken));
}

internal sealed record DeleteWebhookPayload(string? DeletedEndpointId, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class DeleteWebhookInputGraphType() : EndpointIdInputGraphType("DeleteWebhookInput");

internal sealed class DeleteWebhookPayloadGraphType : PayloadGraphType<DeleteWebhookPayload>
{
    public DeleteWebhookPayloadGraphType()
        : base("DeleteWebhookPayload")
    {
        Field<IdGraphType>("deletedEndpointId").Description("The endpoint deleted; null when refused.").Resolve(ctx => ctx.Source.DeletedEndpointId);
    }
}

internal sealed class DeleteWebhookHandler(WebhooksDbContext db)
{
    public async Task<DeleteWebhookPayload> DeleteAsync(string endpointId, ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (await db.FindForChangeAsync(endpointId, caller, cancellationToken) is not { } endpoint)
        {
            return new DeleteWebhookPayload(null, [WebhooksIds.EndpointNotFound]);
        }

        db.Endpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new DeleteWebhookPayload(endpointId, []);
    }
}
