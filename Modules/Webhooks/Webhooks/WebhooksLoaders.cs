using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks;

internal sealed class WebhookEndpointByIdLoader(IDbContextFactory<WebhooksDbContext> contexts) : BatchDataLoader<long, WebhookEndpoint>
{
    protected override async Task<IReadOnlyDictionary<long, WebhookEndpoint>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Endpoints.AsNoTracking().Where(e => keys.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
    }
}
