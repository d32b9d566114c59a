using System.Security.Claims;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Endpoints;

namespace ProductDescriber.Webhooks;

/// <summary>An endpoint through <c>node(id:)</c>: only its owner and admins see it; to anyone else it is null.</summary>
internal sealed class WebhookEndpointNodeResolver : INodeResolver
{
    public string TypeName => WebhooksGraphTypes.WebhookEndpoint;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new Visible(context.RequestServices!.GetRequiredService<WebhookEndpointByIdLoader>().LoadAsync(id), context.User)
            : new ReadyResult<object?>(null);

    private sealed class Visible(IDataLoaderResult<WebhookEndpoint?> endpoint, ClaimsPrincipal? caller) : IDataLoaderResult<object?>
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default) =>
            await endpoint.GetResultAsync(cancellationToken) is { } found && EndpointAccess.MaySee(found, caller) ? found : null;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
