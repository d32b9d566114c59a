using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

namespace ProductDescriber.Generation.Requests;

/// <summary>
/// <c>generationChanged(requestId)</c>: the request as it is now, then at each change (status, each stored picture,
/// each failed one, a cancellation asked for), until it is finished. State first (LiveState), so a late subscriber,
/// or one whose Host lost the bus for a while, misses nothing.
/// </summary>
internal static class GenerationChanged
{
    public static void AddField(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<GenerationRequestGraphType>, GenerationRequest>("generationChanged")
            .Description("The request's current state at once, then every change of it (status, each picture stored or failed); ends after SUCCEEDED, PARTIAL, FAILED or CANCELLED. Works whichever Host runs the job.")
            .Argument<NonNullGraphType<IdGraphType>>("requestId", "The request to follow.")
            .ResolveStream(ctx =>
            {
                if (!GenerationIds.TryRequest(ctx.GetArgument<string>("requestId"), out var requestId))
                {
                    throw new ExecutionError("No generation request has this id.") { Code = "NOT_FOUND" };
                }

                var services = ctx.RequestServices!;
                return LiveState.Watch(
                    services.GetRequiredService<IServiceScopeFactory>(),
                    services.GetRequiredService<IEventBus>(),
                    GenerationEvents.Topic(requestId),
                    (scope, cancellationToken) => scope.GetRequiredService<GenerationRequests>().FindAsync(requestId, cancellationToken),
                    request => request.IsFinished,
                    RequestStateComparer.Instance);
            });

    /// <summary>What counts as a change worth sending: not every usage or attempt count update.</summary>
    private sealed class RequestStateComparer : IEqualityComparer<GenerationRequest>
    {
        public static readonly RequestStateComparer Instance = new();

        public bool Equals(GenerationRequest? x, GenerationRequest? y) =>
            x is not null && y is not null
            && x.Status == y.Status && x.ImagesDone == y.ImagesDone && x.Failures.Count == y.Failures.Count
            && x.CancelRequestedAt == y.CancelRequestedAt && x.ErrorKind == y.ErrorKind;

        public int GetHashCode(GenerationRequest obj) => HashCode.Combine(obj.Status, obj.ImagesDone);
    }
}
