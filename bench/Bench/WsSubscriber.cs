using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ProductDescriber.Bench;

/// <summary>One item a subscriber received: whose state, which, when it changed (the Host's clock) and when it arrived.</summary>
internal readonly record struct Receipt(int Subscriber, string ItemId, string Status, DateTimeOffset UpdatedAt, DateTimeOffset ReceivedAt);

/// <summary>
/// A minimal graphql-transport-ws client for the <c>subscribers</c> scenario: connect, <c>connection_init</c> with the
/// token, one <c>subscribe</c>, then a loop that stamps each <c>next</c> the moment its last frame arrives (before
/// parsing) and answers pings. Nothing else of the protocol is needed here.
/// </summary>
internal sealed class WsSubscriber(int number, ClientWebSocket socket, Action<Receipt> received) : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public static async Task<WsSubscriber> SubscribeAsync(
        int number, Uri url, string token, string query, object variables, Action<Receipt> received, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(url, cancellationToken);
        var subscriber = new WsSubscriber(number, socket, received);
        await subscriber.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } }, cancellationToken);
        using (var ack = await subscriber.ReceiveAsync(cancellationToken))
        {
            if (ack.RootElement.GetProperty("type").GetString() != "connection_ack")
            {
                throw new InvalidOperationException($"Subscriber {number}: expected connection_ack, got {ack.RootElement}");
            }
        }

        await subscriber.SendAsync(new { id = "1", type = "subscribe", payload = new { query, variables } }, cancellationToken);
        subscriber._loop = subscriber.ListenAsync();
        return subscriber;
    }

    private async Task ListenAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var (document, receivedAt) = await ReceiveStampedAsync(_stop.Token);
                using (document)
                {
                    var root = document.RootElement;
                    switch (root.GetProperty("type").GetString())
                    {
                        case "next":
                            var item = root.GetProperty("payload").GetProperty("data").EnumerateObject().First().Value;
                            received(new Receipt(
                                number,
                                item.GetProperty("id").GetString()!,
                                item.GetProperty("status").GetString()!,
                                item.GetProperty("updatedAt").GetDateTimeOffset(),
                                receivedAt));
                            break;
                        case "ping":
                            await SendAsync(new { type = "pong" }, _stop.Token);
                            break;
                        case "error" or "complete":
                            await Console.Error.WriteLineAsync($"Subscriber {number}: {root}");
                            return;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            if (!_stop.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"Subscriber {number} lost its connection: {exception.Message}");
            }
        }
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken cancellationToken) => (await ReceiveStampedAsync(cancellationToken)).Document;

    private async Task<(JsonDocument Document, DateTimeOffset ReceivedAt)> ReceiveStampedAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The Host closed the socket: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                var receivedAt = DateTimeOffset.UtcNow;
                return (JsonDocument.Parse(buffer.WrittenMemory), receivedAt);
            }
        }
    }

    private Task SendAsync(object message, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        socket.Abort();
        socket.Dispose();
        _stop.Dispose();
    }
}
