using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using ProductDescriber.Host.Tests.Events;
using ProductDescriber.Host.Tests.Http;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;
using static ProductDescriber.Host.Tests.WebSockets.SessionSockets;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>
/// A revoked session ends everywhere at once (docs/adr/0008): with two Hosts on one database, deactivating a user, or
/// the user changing their password, on one Host closes the user's sockets on both with 4403, a subscription in
/// flight included, runs no further operation on them, and ends the user's event streams. Others' sockets live on.
/// </summary>
public sealed class SessionRevocationAcrossHostsTests(EventsAcrossHostsTests.TwoHostsFixture hosts, ITestOutputHelper output)
    : IClassFixture<EventsAcrossHostsTests.TwoHostsFixture>
{
    private const string Deactivate = "mutation($id: ID!) { deactivateUser(input: {userId: $id}) { user { isActive } errors { message } } }";
    private const string ChangePassword = "mutation($i: ChangePasswordInput!) { changePassword(input: $i) { accessToken errors { message } } }";

    // "At once", with room for a busy machine: far below the periodic re-check (60 s), which would be the only
    // thing left to close them if the revocation event did not arrive.
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Deactivation_on_one_host_closes_the_users_sockets_on_both()
    {
        var (a, adminA) = hosts["A"];
        var (b, adminB) = hosts["B"];
        var member = await a.CreateUserAsync();
        await using var subscribedOnB = await OpenSubscribedAsync(b, member.Token, adminB);
        await using var workingOnA = await OpenWorkingAsync(a, member.Token);
        await using var adminOnB = await OpenWorkingAsync(b, adminB.Token!);

        var data = await adminA.QueryAsync(Deactivate, new { id = member.Id });
        Assert.Equal("false", data.Json("deactivateUser", "user", "isActive"));
        var deactivated = Stopwatch.StartNew();

        var subscriptionClosed = ClosedAfterAsync(subscribedOnB, deactivated);
        await AssertNextOperationRefusedAsync(workingOnA, AtOnce);
        output.WriteLine($"The subscription's socket on the other Host closed {(await subscriptionClosed).TotalMilliseconds:0} ms after the mutation returned.");
        await adminOnB.RoundTripAsync();
    }

    [Fact]
    public async Task A_password_change_on_one_host_refuses_the_old_token_over_http_on_the_other()
    {
        var (a, _) = hosts["A"];
        var (b, _) = hosts["B"];
        var member = await a.CreateUserAsync();
        using var memberOnB = b.CreateGraphQLClient(member.Token);
        await memberOnB.QueryAsync("{ me { id } }"); // B now holds the session (docs/adr/0038).

        using var memberOnA = a.CreateGraphQLClient(member.Token);
        var data = await memberOnA.QueryAsync(ChangePassword, new { i = new { currentPassword = member.Password, newPassword = $"Fresh-{Guid.NewGuid():N}" } });
        Assert.Equal(0, data.GetProperty("changePassword").GetProperty("errors").GetArrayLength());
        var changed = Stopwatch.StartNew();

        // B learns of it from the event bus, a notification's delay after the commit.
        var refused = await Eventually.ValueAsync(
            async () =>
            {
                var response = await memberOnB.PostAsync("{ me { id } }");
                Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
                return response;
            },
            AtOnce);
        output.WriteLine($"The other Host refused the old token {changed.ElapsedMilliseconds} ms after the mutation returned.");
        Assert.Contains("revoked", refused.Errors[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Password_change_on_one_host_closes_the_users_sockets_on_both()
    {
        var (a, adminA) = hosts["A"];
        var (b, _) = hosts["B"];
        var member = await a.CreateUserAsync();
        await using var subscribedOnA = await OpenSubscribedAsync(a, member.Token, adminA);
        await using var workingOnB = await OpenWorkingAsync(b, member.Token);

        using var memberOnB = b.CreateGraphQLClient(member.Token);
        var data = await memberOnB.QueryAsync(ChangePassword, new { i = new { currentPassword = member.Password, newPassword = $"Fresh-{Guid.NewGuid():N}" } });

        await AssertClosedForbiddenAsync(subscribedOnA, AtOnce);
        await AssertNextOperationRefusedAsync(workingOnB, AtOnce);

        // The client that changed the password stays logged in with the token in the payload.
        await using var again = await OpenWorkingAsync(a, data.Json("changePassword", "accessToken"));
    }

    [Fact]
    public async Task Deactivation_on_one_host_ends_the_users_event_stream_on_the_other()
    {
        var (a, adminA) = hosts["A"];
        var (b, adminB) = hosts["B"];
        var member = await a.CreateUserAsync();
        var topic = TestEvents.NewTopic();
        using var http = b.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = RawHttp.Body(JsonSerializer.Serialize(new { query = TestEvents.Subscription, variables = new { topic } }), "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.Token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Not disposed: a read still pending after a failed wait would make that throw; disposing the response ends it.
        var events = SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();
        await events.PublishUntilStreamedAsync(adminB, topic);

        await adminA.QueryAsync(Deactivate, new { id = member.Id });

        var rest = new List<SseItem<string>>();
        var deadline = DateTime.UtcNow + AtOnce;
        while (await events.MoveNextAsync().AsTask().WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.Zero)))
        {
            rest.Add(events.Current);
        }

        var last = rest.SkipWhile(e => e.EventType == "next" && !e.Data.Contains("\"errors\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(["next", "complete"], last.Select(e => e.EventType));
        var error = JsonDocument.Parse(last[0].Data).RootElement.GetProperty("errors")[0];
        Assert.Equal("UNAUTHENTICATED", error.Json("extensions", "code"));
    }

    private static async Task<TimeSpan> ClosedAfterAsync(GraphQLWsTestClient socket, Stopwatch since)
    {
        await AssertClosedForbiddenAsync(socket, AtOnce);
        return since.Elapsed;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
