using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Activity;

/// <summary>
/// <c>productActivity(productId)</c>: for a product page, every analysis run and generation request of the product
/// that is unfinished when the subscription starts, then each change of any of them (and each new one), until the
/// client stops. Built on LiveState, so it re-reads after the bus was lost: each read looks at what changed since a
/// little before the previous read, and only items whose state differs from what was last sent are sent. The read is
/// shared by every subscriber of the product on this Host; the filter and the differ are each subscriber's own.
/// </summary>
internal static class ProductActivity
{
    /// <summary>Overlap between reads, so a change committed while the previous read ran is not skipped.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    public static void AddField(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<ProductActivityGraphType>, ActivityItem>("productActivity")
            .Description("The product's analyses and generations: each unfinished one at once, then every change of any of them (new ones included), until you unsubscribe. Works whichever Host runs the jobs.")
            .Argument<NonNullGraphType<IdGraphType>>("productId", "The product to follow.")
            .ResolveStream(ctx =>
            {
                if (!GenerationIds.TryProduct(ctx.GetArgument<string>("productId"), out var productId))
                {
                    throw new ExecutionError("No product has this id.") { Code = "NOT_FOUND" };
                }

                var services = ctx.RequestServices!;
                var time = services.GetRequiredService<TimeProvider>();
                var subscribedAt = time.GetUtcNow();

                // Read once per change for every subscriber of the product on this Host; what is activity for THIS
                // subscriber (not what finished before it came) is filtered after the shared stream.
                var snapshots = LiveState.Watch<ActivitySnapshot>(
                    services.GetRequiredService<IServiceScopeFactory>(),
                    services.GetRequiredService<IEventBus>(),
                    ProductActivityTopic.For(productId),
                    (scope, previous, cancellationToken) => ReadAsync(scope, time, productId, previous, cancellationToken),
                    _ => false,
                    ActivitySnapshot.Comparer.Instance);
                return new ChangedItems(snapshots, subscribedAt);
            });

    /// <summary>
    /// The product's activity as the previous read left it: unfinished work, and what changed since a little before
    /// that read (the first read: unfinished work only). Null when the product does not exist.
    /// </summary>
    private static async Task<ActivitySnapshot?> ReadAsync(IServiceProvider scope, TimeProvider time, long productId, ActivitySnapshot? previous, CancellationToken cancellationToken)
    {
        if (await scope.GetRequiredService<IProductCatalog>().FindProductAsync(productId, cancellationToken) is null)
        {
            return null;
        }

        var readAt = time.GetUtcNow();
        var since = previous is null ? DateTimeOffset.MaxValue : previous.ReadAt - Overlap;
        return await ActivitySnapshot.ReadAsync(
            scope.GetRequiredService<IDbContextFactory<GenerationDbContext>>(), scope.GetRequiredService<ISpecificationCatalog>(), productId, since, readAt, cancellationToken);
    }

    /// <summary>
    /// Turns the shared snapshots into the items whose state changed since they were last sent to this subscriber.
    /// What finished before it subscribed is history, not activity (the overlap between reads would bring it in).
    /// </summary>
    private sealed class ChangedItems(IObservable<ActivitySnapshot> snapshots, DateTimeOffset subscribedAt) : IObservable<ActivityItem>
    {
        public IDisposable Subscribe(IObserver<ActivityItem> observer) => snapshots.Subscribe(new Differ(observer, subscribedAt));

        /// <summary>
        /// Sends what changed between each snapshot and the one before it (computed once for all subscribers, see
        /// <see cref="ActivitySnapshot.ChangedSince"/>): the subscriber keeps a reference to a shared snapshot, not a
        /// copy of everything it was sent. (Whatever passed the filter in the previous snapshot was sent then or
        /// earlier in that state; an item that left the snapshots comes back only with a newer state.)
        /// </summary>
        private sealed class Differ(IObserver<ActivityItem> observer, DateTimeOffset subscribedAt) : IObserver<ActivitySnapshot>
        {
            private ActivitySnapshot? _previous;

            public void OnNext(ActivitySnapshot value)
            {
                var previous = _previous;
                _previous = value;
                foreach (var item in value.ChangedSince(previous))
                {
                    if (!item.IsFinished || item.UpdatedAt >= subscribedAt)
                    {
                        observer.OnNext(item);
                    }
                }
            }

            public void OnError(Exception error) => observer.OnError(error);

            public void OnCompleted() => observer.OnCompleted();
        }
    }
}

internal sealed class ProductActivityGraphType : ObjectGraphType<ActivityItem>
{
    public ProductActivityGraphType()
    {
        Name = "ProductActivity";
        Description = "A change of one analysis run or generation request of a product.";
        Field(i => i.Kind).Description("ANALYSIS or GENERATION.");
        Field<NonNullGraphType<IdGraphType>>("id")
            .Description("The AnalysisRun's or GenerationRequest's id (fetch it with `node`).")
            .Resolve(ctx => ctx.Source.Kind == "ANALYSIS" ? GlobalIdOf(SpecsGraphTypes.AnalysisRun, ctx.Source.Id) : GenerationIds.Request(ctx.Source.Id));
        Field(i => i.Status).Description("The run's or request's status now.");
        Field(i => i.ImagesDone, nullable: true).Description("Pictures stored so far (generations only).");
        Field(i => i.ImagesRequested, nullable: true).Description("Pictures asked for (generations only).");
        Field(i => i.UpdatedAt).Description("When it last changed.");
    }

    private static string GlobalIdOf(string type, long id) => BuildingBlocks.GraphQL.Relay.GlobalId.Encode(type, id);
}
