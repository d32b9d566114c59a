using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Deliveries;

/// <summary>
/// <c>WebhookEndpoint.deliveries</c>: the delivery log as a Relay connection, newest first, optionally only some
/// statuses. The pages of every endpoint in a response are read in one statement (<see cref="DeliveryPageLoader"/>).
/// </summary>
internal static class DeliveryLog
{
    public static readonly SortKey<WebhookDelivery>[] Newest = [SortKey<WebhookDelivery>.Descending(d => d.CreatedAt), SortKey<WebhookDelivery>.Descending(d => d.Id)];

    public static void AddField(IComplexGraphType endpoint) =>
        endpoint.AddBatchedConnectionField<WebhookDeliveryGraphType, WebhookDelivery>(
            "deliveries",
            "WebhookDelivery",
            "The delivery log, newest first: each event sent here, its attempts and what comes next.",
            (ctx, page) =>
            {
                var statuses = ctx.GetArgument<List<DeliveryStatus>?>("status") ?? [];
                var key = new DeliveryPageKey(((WebhookEndpoint)ctx.Source!).Id, page, string.Join(',', statuses.Distinct().Order()));
                return ctx.RequestServices!.GetRequiredService<DeliveryPageLoader>().LoadAsync(key);
            },
            new QueryArgument<ListGraphType<NonNullGraphType<WebhookDeliveryStatusGraphType>>> { Name = "status", Description = "Only deliveries in one of these states; all when null or empty." })
        .DependsOn(typeof(DeliveryPageLoader));
}

/// <summary>One endpoint's page; <paramref name="Statuses"/> the sorted status filter (empty: all), as text for equality.</summary>
internal sealed record DeliveryPageKey(long EndpointId, PageRequest Page, string Statuses);

/// <summary>
/// The pages of many endpoints: one statement per distinct (page arguments, filter), each endpoint's page a
/// lateral subquery on (endpoint_id, created_at, id) and its total a correlated count, asked only when selected.
/// </summary>
internal sealed class DeliveryPageLoader(IDbContextFactory<WebhooksDbContext> contexts) : DataLoader<DeliveryPageKey, ConnectionResult<WebhookDelivery>>
{
    protected override ConnectionResult<WebhookDelivery> Missing { get; } =
        new([], new ConnectionPageInfo(false, false, null, null), _ => Task.FromResult(0));

    protected override async Task<IReadOnlyDictionary<DeliveryPageKey, ConnectionResult<WebhookDelivery>>> FetchAsync(IReadOnlyList<DeliveryPageKey> keys, CancellationToken cancellationToken)
    {
        var pages = new Dictionary<DeliveryPageKey, ConnectionResult<WebhookDelivery>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var group in keys.GroupBy(k => (k.Page, k.Statuses)))
        {
            var (page, statusText) = group.Key;
            List<DeliveryStatus> statuses = [.. statusText.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Enum.Parse<DeliveryStatus>(s))];
            var ids = group.Select(k => k.EndpointId).Distinct().ToList();
            foreach (var (endpointId, rows, total) in await ReadAsync(db, ids, page, statuses, cancellationToken))
            {
                // The statement's collection order is not relied on: each page is put in cursor order here.
                var ordered = page.Backward
                    ? rows.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToList()
                    : rows.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToList();
                pages[group.First(k => k.EndpointId == endpointId)] = KeysetPaging.ToConnection(ordered, page, DeliveryLog.Newest, total);
            }
        }

        return pages;
    }

    private static async Task<List<(long EndpointId, List<WebhookDelivery> Rows, int Total)>> ReadAsync(
        WebhooksDbContext db, List<long> ids, PageRequest page, List<DeliveryStatus> statuses, CancellationToken cancellationToken)
    {
        var hasCursor = page.Cursor is not null;
        var cursor = hasCursor ? KeysetPaging.DecodeCursor(page.Cursor!, DeliveryLog.Newest) : [DateTimeOffset.MinValue, 0L];
        var at = (DateTimeOffset)cursor[0]!;
        var id = (long)cursor[1]!;
        var anyStatus = statuses.Count == 0;
        var take = page.Size + 1;
        var counted = page.IncludeTotalCount;
        var endpoints = db.Endpoints.AsNoTracking().Where(e => ids.Contains(e.Id));
        var deliveries = db.Deliveries.AsNoTracking();

        // Newest first reads backwards in time after the cursor; `last`/`before` reads forwards from it.
        var read = page.Backward
            ? await endpoints.Select(e => new
            {
                e.Id,
                Rows = deliveries
                    .Where(d => d.EndpointId == e.Id && (anyStatus || statuses.Contains(d.Status)))
                    .Where(d => !hasCursor || d.CreatedAt > at || (d.CreatedAt == at && d.Id > id))
                    .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(take).ToList(),
                Total = counted ? deliveries.Count(d => d.EndpointId == e.Id && (anyStatus || statuses.Contains(d.Status))) : 0,
            }).ToListAsync(cancellationToken)
            : await endpoints.Select(e => new
            {
                e.Id,
                Rows = deliveries
                    .Where(d => d.EndpointId == e.Id && (anyStatus || statuses.Contains(d.Status)))
                    .Where(d => !hasCursor || d.CreatedAt < at || (d.CreatedAt == at && d.Id < id))
                    .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(take).ToList(),
                Total = counted ? deliveries.Count(d => d.EndpointId == e.Id && (anyStatus || statuses.Contains(d.Status))) : 0,
            }).ToListAsync(cancellationToken);
        return [.. read.Select(r => (r.Id, r.Rows, r.Total))];
    }
}
