// STUB: replaced by the helper's real LiveState at merge.
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;
public static class LiveState
{
    public static IObservable<T> Watch<T>(IServiceScopeFactory scopes, IEventBus bus, string topic,
        Func<IServiceProvider, CancellationToken, Task<T?>> read, Func<T, bool> isFinal,
        IEqualityComparer<T>? comparer = null) where T : class => throw new NotSupportedException();
}
