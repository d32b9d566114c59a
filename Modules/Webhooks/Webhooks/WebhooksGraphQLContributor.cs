using System.Security.Claims;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks;

/// <summary>Webhooks' query (the caller's endpoints; an admin's: everyone's) and mutations, one use case each.</summary>
internal sealed class WebhooksGraphQLContributor : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes => [typeof(WebhookEndpointGraphType)];

    public void ContributeQuery(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEndpointGraphType>>>, IReadOnlyList<WebhookEndpoint>>("webhookEndpoints")
            .Description("The webhook endpoints the caller registered, newest first; an admin sees everyone's.")
            .Resolve()
            .WithService<IDbContextFactory<WebhooksDbContext>>()
            .ResolveAsync(async (ctx, contexts) => await ListAsync(contexts, ctx.User, ctx.CancellationToken));

    public void ContributeMutation(ObjectGraphType mutation)
    {
        RegisterWebhook.AddField(mutation);
        RotateWebhookSecret.AddField(mutation);
        EnableWebhook.AddField(mutation);
        DeleteWebhook.AddField(mutation);
    }

    private static async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(IDbContextFactory<WebhooksDbContext> contexts, ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoints = db.Endpoints.AsNoTracking();
        if (!caller.IsAdmin())
        {
            var userId = caller.GetUserId() ?? -1;
            endpoints = endpoints.Where(e => e.OwnerId == userId);
        }

        return await endpoints.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(1000).ToListAsync(cancellationToken);
    }
}
