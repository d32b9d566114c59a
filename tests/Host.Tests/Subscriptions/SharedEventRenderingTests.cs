using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Execution;

namespace ProductDescriber.Host.Tests.Subscriptions;

/// <summary>
/// One event is rendered once for every subscriber who asked the same thing (docs/adr/0036), unless the render
/// looked at who asked: then once per caller. A tiny schema over GraphQL.NET's real executer counts the renders.
/// </summary>
public sealed class SharedEventRenderingTests
{
    private const string PlainQuery = "subscription($room: String!) { events(room: $room) { text } }";
    private const string CallerQuery = "subscription($room: String!) { events(room: $room) { text caller } }";

    private readonly FakeTimeProvider _time = new();
    private readonly Broadcast _events = new();
    private readonly RenderCounts _counts = new();
    private readonly DocumentExecuter _executer;
    private readonly ISchema _schema;
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    public SharedEventRenderingTests()
    {
        var strategy = new SharedEventRendering(_services.GetRequiredService<IServiceScopeFactory>(), _time);
        _executer = new DocumentExecuter(
            new GraphQLDocumentBuilder(),
            new DocumentValidator(),
            new DefaultExecutionStrategySelector([new ExecutionStrategyRegistration(strategy, OperationType.Subscription)]),
            []);
        _schema = new EventsSchema(_events, _counts);
        _schema.Initialize();
    }

    [Fact]
    public async Task Subscribers_asking_the_same_thing_share_one_render_whoever_they_are()
    {
        var recorders = new List<StreamRecorder<ExecutionResult>>();
        foreach (var user in new[] { 1, 2, 3, 3 })
        {
            recorders.Add(await SubscribeAsync(PlainQuery, "lobby", Caller(user)));
        }

        _events.Publish(new Event("lobby", "hello"));

        Assert.Equal(1, _counts.Text);
        var results = recorders.Select(r => Assert.Single(r.Values)).ToList();
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal("""{"data":{"events":{"text":"hello"}}}""", Serialize(results[0]));
    }

    [Fact]
    public async Task A_render_that_looked_at_the_caller_is_shared_only_with_the_same_caller()
    {
        var first = await SubscribeAsync(CallerQuery, "lobby", Caller(1));
        var again = await SubscribeAsync(CallerQuery, "lobby", Caller(1));
        var second = await SubscribeAsync(CallerQuery, "lobby", Caller(2));
        var admin = await SubscribeAsync(CallerQuery, "lobby", Caller(2, Roles.Admin));

        _events.Publish(new Event("lobby", "hello"));

        Assert.Equal(3, _counts.Caller);
        Assert.Same(Assert.Single(first.Values), Assert.Single(again.Values));
        Assert.Equal("""{"data":{"events":{"text":"hello","caller":"1 member"}}}""", Serialize(Assert.Single(first.Values)));
        Assert.Equal("""{"data":{"events":{"text":"hello","caller":"2 member"}}}""", Serialize(Assert.Single(second.Values)));
        Assert.Equal("""{"data":{"events":{"text":"hello","caller":"2 admin"}}}""", Serialize(Assert.Single(admin.Values)));
    }

    [Fact]
    public async Task Different_variables_or_documents_are_rendered_apart()
    {
        var lobby = await SubscribeAsync(PlainQuery, "lobby", Caller(1));
        var hall = await SubscribeAsync(PlainQuery, "hall", Caller(1));
        var withCaller = await SubscribeAsync(CallerQuery, "lobby", Caller(1));

        var shared = new Event(null, "to every room");
        _events.Publish(shared);

        Assert.Equal(3, _counts.Text);
        Assert.NotSame(Assert.Single(lobby.Values), Assert.Single(hall.Values));
        Assert.Equal("""{"data":{"events":{"text":"to every room","caller":"1 member"}}}""", Serialize(Assert.Single(withCaller.Values)));
    }

    [Fact]
    public async Task A_render_is_not_handed_out_after_the_reuse_window()
    {
        var early = await SubscribeAsync(PlainQuery, "lobby", Caller(1));
        var late = new StreamRecorder<ExecutionResult>();
        var held = new Event("lobby", "hello");

        _events.Publish(held);
        _time.Advance(SharedEventRendering.ReuseWindow + TimeSpan.FromMilliseconds(1));
        (await StreamAsync(PlainQuery, "lobby", Caller(2))).Subscribe(late);
        _events.Publish(held, onlyLatest: true);

        Assert.Equal(2, _counts.Text);
        Assert.NotSame(Assert.Single(early.Values), Assert.Single(late.Values));
    }

    [Fact]
    public async Task Renders_of_different_events_are_never_mixed()
    {
        var recorder = await SubscribeAsync(PlainQuery, "lobby", Caller(1));
        var other = await SubscribeAsync(PlainQuery, "lobby", Caller(2));

        _events.Publish(new Event("lobby", "one"));
        _events.Publish(new Event("lobby", "two"));

        Assert.Equal(2, _counts.Text);
        Assert.Equal(["one", "two"], recorder.Values.Select(Text));
        Assert.Equal(["one", "two"], other.Values.Select(Text));
    }

    private static string Text(ExecutionResult result) =>
        System.Text.Json.JsonDocument.Parse(Serialize(result)).RootElement.GetProperty("data").GetProperty("events").GetProperty("text").GetString()!;

    private static string Serialize(ExecutionResult result) => new GraphQLSerializer().Serialize(result);

    private static ClaimsPrincipal Caller(int id, string role = Roles.Member) =>
        new(new ClaimsIdentity([new Claim(AppClaims.UserId, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(AppClaims.Role, role)], "test", AppClaims.UserName, AppClaims.Role));

    private async Task<StreamRecorder<ExecutionResult>> SubscribeAsync(string query, string room, ClaimsPrincipal caller)
    {
        var recorder = new StreamRecorder<ExecutionResult>();
        (await StreamAsync(query, room, caller)).Subscribe(recorder);
        return recorder;
    }

    private async Task<IObservable<ExecutionResult>> StreamAsync(string query, string room, ClaimsPrincipal caller)
    {
        var result = await _executer.ExecuteAsync(options =>
        {
            options.Schema = _schema;
            options.Query = query;
            options.Variables = new Inputs(new Dictionary<string, object?> { ["room"] = room });
            options.User = caller;
            options.RequestServices = _services;
        });
        Assert.Null(result.Errors);
        return Assert.Single(result.Streams!).Value;
    }

    private sealed record Event(string? Room, string Text);

    private sealed class RenderCounts
    {
        public int Text;
        public int Caller;
    }

    /// <summary>Hands the same event object to every subscriber, as a shared live state does.</summary>
    private sealed class Broadcast
    {
        private readonly List<(string Room, IObserver<Event> Observer)> _observers = [];

        public IObservable<Event> For(string room) => new Room(this, room);

        /// <param name="onlyLatest">To the last subscriber only (one that came after the others were sent the event).</param>
        public void Publish(Event value, bool onlyLatest = false)
        {
            foreach (var (room, observer) in onlyLatest ? [_observers[^1]] : _observers.ToList())
            {
                if (value.Room is null || value.Room == room)
                {
                    observer.OnNext(value);
                }
            }
        }

        private sealed class Room(Broadcast broadcast, string room) : IObservable<Event>
        {
            public IDisposable Subscribe(IObserver<Event> observer)
            {
                broadcast._observers.Add((room, observer));
                return new Leave(() => broadcast._observers.RemoveAll(o => o.Observer == observer));
            }
        }

        private sealed class Leave(Action leave) : IDisposable
        {
            public void Dispose() => leave();
        }
    }

    private sealed class EventsSchema : Schema
    {
        public EventsSchema(Broadcast events, RenderCounts counts)
        {
            var query = new ObjectGraphType { Name = "Query" };
            query.Field<StringGraphType>("hello").Resolve(_ => "hi");
            Query = query;

            var eventType = new ObjectGraphType<Event> { Name = "Event" };
            eventType.Field<NonNullGraphType<StringGraphType>>("text").Resolve(ctx =>
            {
                Interlocked.Increment(ref counts.Text);
                return ctx.Source.Text;
            });
            eventType.Field<NonNullGraphType<StringGraphType>>("caller").Resolve(ctx =>
            {
                Interlocked.Increment(ref counts.Caller);
                return $"{ctx.User.GetUserId()} {(ctx.User.IsAdmin() ? Roles.Admin : Roles.Member)}";
            });

            var subscription = new ObjectGraphType { Name = "Subscription" };
            subscription.Field("events", eventType)
                .Argument<NonNullGraphType<StringGraphType>>("room")
                .ResolveStream(ctx => events.For(ctx.GetArgument<string>("room")));
            Subscription = subscription;
        }
    }
}
