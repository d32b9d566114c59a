using System.Text.Json;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>graphql-transport-ws operations against the real Host: init, subscriptions, queries, mutations, errors.</summary>
public sealed class GraphQLWsOperationTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    private static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    private Uri Url => fixture.Host.WebSocketUrl;

    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("headers")]
    public async Task Init_with_the_token_in_any_accepted_place_is_acknowledged_and_authenticates(string place)
    {
        var bearer = $"Bearer {fixture.AdminToken}";
        object payload = place == "headers"
            ? new { headers = new Dictionary<string, string> { ["authorization"] = bearer } }
            : new Dictionary<string, string> { [place] = bearer };
        await using var socket = await GraphQLWsTestClient.ConnectAsync(Url);

        await socket.InitAsync(payload);
        await socket.SubscribeAsync("me", "{ me { username } }");

        Assert.Equal("admin", (await socket.ReceiveNextAsync("me")).Json("data", "me", "username"));
    }

    [Fact]
    public async Task Subscription_delivers_events_until_the_client_completes_it_and_the_id_can_be_reused()
    {
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        await socket.SubscribeToTestEventsAsync("s1", topic);
        await socket.PublishUntilReceivedAsync("s1", fixture.Admin, topic);

        await fixture.Admin.PublishAsync(topic, "one");
        await fixture.Admin.PublishAsync(topic, "two");
        Assert.Equal("one", await socket.ReceiveEventAsync("s1"));
        Assert.Equal("two", await socket.ReceiveEventAsync("s1"));

        // A second subscription on the same topic witnesses that events still flow after s1 is completed.
        await socket.SubscribeToTestEventsAsync("witness", topic);
        await socket.PublishUntilReceivedAsync("witness", fixture.Admin, topic);
        await socket.CompleteAsync("s1");
        await socket.RoundTripAsync();
        await fixture.Admin.PublishAsync(topic, "after-complete");
        Assert.Equal("after-complete", await socket.ReceiveEventAsync("witness"));
        Assert.Null(await socket.TryReceiveAsync(ShortWait));

        await socket.SubscribeToTestEventsAsync("s1", topic);
        await socket.PublishUntilReceivedAsync("s1", fixture.Admin, topic);
        await fixture.Admin.PublishAsync(topic, "reused");
        var received = await socket.ReceiveEventsAsync(2);
        Assert.Equal([("s1", "reused"), ("witness", "reused")], received.OrderBy(r => r.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_sends_one_next_then_complete()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SubscribeAsync("q", "{ me { username role } }");

        var payload = await socket.ReceiveNextAsync("q");
        Assert.Equal("admin", payload.Json("data", "me", "username"));
        Assert.Equal("ADMIN", payload.Json("data", "me", "role"));
        await ExpectCompleteAsync(socket, "q");
    }

    [Fact]
    public async Task Mutation_sends_one_next_then_complete()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SubscribeAsync("m", TestEvents.Publish, new { topic = TestEvents.NewTopic(), message = "hello" });

        Assert.Equal("true", (await socket.ReceiveNextAsync("m")).Json("data", "publishTestEvent"));
        await ExpectCompleteAsync(socket, "m");
    }

    [Fact]
    public async Task Validation_error_sends_one_error_with_the_errors_and_no_complete()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SubscribeAsync("bad", "{ me { noSuchField } }");

        var error = await socket.ReceiveAsync();
        Assert.Equal("error", error.Json("type"));
        Assert.Equal("bad", error.Json("id"));
        var errors = error.GetProperty("payload");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Contains("noSuchField", Assert.Single(errors.EnumerateArray()).Json("message"));
        await ExpectPongNextAsync(socket);
    }

    [Fact]
    public async Task Anonymous_connection_gets_unauthenticated_errors_but_can_log_in()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAsync(Url);
        await socket.InitAsync(payload: null);

        await socket.SubscribeAsync("me", "{ me { username } }");
        var error = await socket.ReceiveAsync();
        Assert.Equal("error", error.Json("type"));
        Assert.Equal("UNAUTHENTICATED", Assert.Single(error.GetProperty("payload").EnumerateArray()).Json("extensions", "code"));

        await socket.SubscribeAsync(
            "login",
            "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken } }",
            new { u = "admin", p = TestHost.AdminPassword });
        Assert.False(string.IsNullOrEmpty((await socket.ReceiveNextAsync("login")).Json("data", "login", "accessToken")));
        await ExpectCompleteAsync(socket, "login");
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_carrying_the_same_payload()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SendAsync(new { type = "ping", payload = new { hello = "world", n = 42 } });

        var pong = await socket.ReceiveAsync();
        Assert.Equal("pong", pong.Json("type"));
        Assert.Equal("""{"hello":"world","n":42}""", pong.GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task Closing_the_socket_releases_its_subscription()
    {
        var topic = TestEvents.NewTopic();
        var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        await socket.SubscribeToTestEventsAsync("s", topic);
        await socket.PublishUntilReceivedAsync("s", fixture.Admin, topic);
        Assert.Equal(1, fixture.SubscriberCount(topic));

        await socket.DisposeAsync();

        await fixture.WaitForSubscriberCountAsync(topic, 0);
    }

    [Fact]
    public async Task A_vanished_client_has_its_subscription_disposed()
    {
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        await socket.SubscribeToTestEventsAsync("s", topic);
        await socket.PublishUntilReceivedAsync("s", fixture.Admin, topic);
        Assert.Equal(1, fixture.SubscriberCount(topic));

        socket.Abort();

        await fixture.WaitForSubscriberCountAsync(topic, 0);
    }

    private static async Task ExpectCompleteAsync(GraphQLWsTestClient socket, string id)
    {
        var complete = await socket.ReceiveAsync();
        Assert.Equal("complete", complete.Json("type"));
        Assert.Equal(id, complete.Json("id"));
        await ExpectPongNextAsync(socket);
    }

    /// <summary>
    /// An operation's messages are queued together, before a ping sent after them is answered: a pong next
    /// proves nothing else (another next, a complete after an error) was sent for it.
    /// </summary>
    private static async Task ExpectPongNextAsync(GraphQLWsTestClient socket)
    {
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).Json("type"));
    }
}
