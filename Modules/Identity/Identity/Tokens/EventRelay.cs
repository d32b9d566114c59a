namespace ProductDescriber.Identity.Tokens;

/// <summary>Hands each payload of an event bus topic to a callback; the bus's streams never fail or complete.</summary>
internal sealed class EventRelay(Action<string> onNext) : IObserver<string>
{
    public void OnNext(string value) => onNext(value);

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }
}
