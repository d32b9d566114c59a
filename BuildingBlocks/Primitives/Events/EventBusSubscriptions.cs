namespace ProductDescriber.BuildingBlocks.Events;

/// <summary>Subscribing to an <see cref="IEventBus"/> topic with a callback instead of an observer class of one's own.</summary>
public static class EventBusSubscriptions
{
    /// <summary>
    /// Calls <paramref name="onNext"/> with each payload. The bus's streams never fail or complete on their own; if
    /// the callback throws, the bus stops delivering to it, so a callback that must keep hearing catches its errors.
    /// </summary>
    public static IDisposable Subscribe(this IObservable<string> topic, Action<string> onNext)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(onNext);
        return topic.Subscribe(new Relay(onNext));
    }

    private sealed class Relay(Action<string> onNext) : IObserver<string>
    {
        public void OnNext(string value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
