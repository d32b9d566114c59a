using System.Net.WebSockets;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>Sockets of a user whose session is about to be revoked, and what must become of them.</summary>
internal static class SessionSockets
{
    public const string Me = "{ me { username } }";
    public static readonly WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;

    /// <summary>An initialised socket that has just run an operation: the session works on it.</summary>
    public static async Task<GraphQLWsTestClient> OpenWorkingAsync(TestHost host, string token)
    {
        var socket = await GraphQLWsTestClient.ConnectAndInitAsync(host.WebSocketUrl, token);
        await socket.SubscribeAsync("before", Me);
        Assert.False((await socket.ReceiveNextAsync("before")).TryGetProperty("errors", out var errors), $"Unexpected errors: {errors}");
        Assert.Equal("complete", (await socket.ReceiveAsync()).Json("type"));
        return socket;
    }

    /// <summary>A socket with a <c>testEvents</c> subscription that has delivered an event, so it is certainly running.</summary>
    public static async Task<GraphQLWsTestClient> OpenSubscribedAsync(TestHost host, string token, GraphQLClient publisher)
    {
        var socket = await GraphQLWsTestClient.ConnectAndInitAsync(host.WebSocketUrl, token);
        var topic = TestEvents.NewTopic();
        await socket.SubscribeToTestEventsAsync("events", topic);
        await socket.PublishUntilReceivedAsync("events", publisher, topic);
        return socket;
    }

    /// <summary>
    /// The next operation gets no result and the socket closes with 4403, whether the server refuses the operation
    /// or had already closed the socket when it arrived.
    /// </summary>
    public static async Task AssertNextOperationRefusedAsync(GraphQLWsTestClient socket, TimeSpan within)
    {
        await socket.SubscribeAsync("after", Me);
        var messages = await socket.ReadUntilEndAsync(within);
        Assert.DoesNotContain(messages, m => m.Json("type") is "next" or "complete" or "error");
        AssertClosedWith(Forbidden, socket);
    }

    /// <summary>The socket closes with 4403 within <paramref name="within"/> (events already on the way may come first).</summary>
    public static async Task AssertClosedForbiddenAsync(GraphQLWsTestClient socket, TimeSpan within)
    {
        var messages = await socket.ReadUntilEndAsync(within);
        Assert.DoesNotContain(messages, m => m.Json("type") is "complete" or "error");
        AssertClosedWith(Forbidden, socket);
    }

    private static void AssertClosedWith(WebSocketCloseStatus expected, GraphQLWsTestClient socket) =>
        Assert.True(socket.Socket.CloseStatus == expected,
            $"Expected close {(int)expected}, got {(socket.Socket.CloseStatus is { } status ? $"{(int)status}" : "none (dropped)")} {socket.Socket.CloseStatusDescription}");
}
