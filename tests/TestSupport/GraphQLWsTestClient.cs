using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Xunit;

namespace ProductDescriber.TestSupport;

/// <summary>
/// A graphql-transport-ws client for tests over a real <see cref="ClientWebSocket"/>: sends JSON messages, reads
/// whole messages, and reports the close status. A read that times out stays pending for the next call instead of
/// cancelling (cancelling a receive aborts the socket), so "nothing arrives within a short wait" can be checked.
/// </summary>
public sealed class GraphQLWsTestClient : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private Task<Frame>? _pending;

    private GraphQLWsTestClient(ClientWebSocket socket) => _socket = socket;

    public ClientWebSocket Socket => _socket;

    /// <summary>Server keep-alive pings are skipped unless a test wants to see them.</summary>
    public bool IgnorePings { get; set; } = true;

    /// <summary>Connects offering <paramref name="subProtocols"/> (default: graphql-transport-ws; empty: none).</summary>
    public static async Task<GraphQLWsTestClient> ConnectAsync(Uri url, string[]? subProtocols = null)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in subProtocols ?? [SubProtocol])
        {
            socket.Options.AddSubProtocol(protocol);
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(url, timeout.Token);
        return new GraphQLWsTestClient(socket);
    }

    /// <summary>Connects, sends <c>connection_init</c> and expects <c>connection_ack</c>.</summary>
    public static async Task<GraphQLWsTestClient> ConnectAndInitAsync(Uri url, string? token)
    {
        var client = await ConnectAsync(url);
        await client.InitAsync(token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });
        return client;
    }

    public async Task InitAsync(object? payload)
    {
        await SendAsync(new { type = "connection_init", payload });
        var ack = await ReceiveAsync();
        Assert.Equal("connection_ack", ack.Json("type"));
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    public Task CompleteAsync(string id) => SendAsync(new { id, type = "complete" });

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) => SendFrameAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendFrameAsync(byte[] data, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(data, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message; fails on a timeout or when the server closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null) =>
        await TryReceiveAsync(timeout ?? DefaultTimeout)
        ?? throw new TimeoutException($"No message within {(timeout ?? DefaultTimeout).TotalSeconds} s.");

    /// <summary>The next message, or null when none arrives within <paramref name="wait"/>.</summary>
    public async Task<JsonElement?> TryReceiveAsync(TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var frame = await NextFrameAsync(deadline - DateTime.UtcNow);
            if (frame is null)
            {
                return null;
            }

            Assert.True(frame.Type != WebSocketMessageType.Close, $"The server closed the socket: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            Assert.Equal(WebSocketMessageType.Text, frame.Type);
            var message = JsonDocument.Parse(frame.Data).RootElement.Clone();
            if (!(IgnorePings && message.Json("type") == "ping"))
            {
                return message;
            }
        }
    }

    /// <summary>Expects a <c>next</c> for <paramref name="id"/> and returns its payload.</summary>
    public async Task<JsonElement> ReceiveNextAsync(string id, TimeSpan? timeout = null)
    {
        var message = await ReceiveAsync(timeout);
        Assert.True(message.Json("type") == "next" && message.Json("id") == id, $"Expected next for {id}, got {message}");
        return message.GetProperty("payload");
    }

    /// <summary>Reads a subscription's <c>next</c> payloads until its <c>complete</c>; fails on <c>error</c>.</summary>
    public async Task<List<JsonElement>> ReadUntilCompleteAsync(string id, TimeSpan timeout)
    {
        var payloads = new List<JsonElement>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow);
            var type = message.Json("type");
            Assert.True(message.Json("id") == id, $"Unexpected message {message}");
            Assert.True(type != "error", $"The subscription failed: {message}");
            if (type == "complete")
            {
                return payloads;
            }

            payloads.Add(message.GetProperty("payload"));
        }
    }

    /// <summary>Reads (and skips messages) until the server's close frame; returns the close status.</summary>
    public async Task<WebSocketCloseStatus> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var frame = await NextFrameAsync(deadline - DateTime.UtcNow) ?? throw new TimeoutException("The server did not close the socket.");
            if (frame.Type == WebSocketMessageType.Close)
            {
                return _socket.CloseStatus!.Value;
            }
        }
    }

    /// <summary>Reads until the server closes or drops the connection; returns the messages read on the way.</summary>
    public async Task<List<JsonElement>> ReadUntilEndAsync(TimeSpan timeout)
    {
        var messages = new List<JsonElement>();
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (await NextFrameAsync(deadline - DateTime.UtcNow) is { } frame)
            {
                if (frame.Type == WebSocketMessageType.Close)
                {
                    return messages;
                }

                messages.Add(JsonDocument.Parse(frame.Data).RootElement.Clone());
            }
        }
        catch (WebSocketException)
        {
            // Dropped without a close frame.
            return messages;
        }

        throw new TimeoutException($"The socket was still open after {timeout.TotalSeconds} s ({messages.Count} messages read).");
    }

    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        // Also answers a close frame the server sent, completing the handshake.
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }

    private async Task<Frame?> NextFrameAsync(TimeSpan wait)
    {
        _pending ??= ReadFrameAsync();
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(_pending, Task.Delay(wait));
        }

        if (!_pending.IsCompleted)
        {
            return null;
        }

        var frame = await _pending;
        _pending = null;
        return frame;
    }

    private async Task<Frame> ReadFrameAsync()
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return new Frame(WebSocketMessageType.Close, []);
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return new Frame(received.MessageType, message.ToArray());
            }
        }
    }

    private sealed record Frame(WebSocketMessageType Type, byte[] Data);
}
