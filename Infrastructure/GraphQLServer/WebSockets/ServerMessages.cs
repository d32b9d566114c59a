using System.Text.Json;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The messages a graphql-transport-ws server sends (enisdenjo/graphql-ws PROTOCOL.md), each one UTF-8 JSON text
/// frame. Payloads arrive as JSON text already (results and errors come from the serializer) and are written as is.
/// </summary>
internal static class ServerMessages
{
    /// <summary>The errors of an operation refused because its session could not be checked (the database is away).</summary>
    public const string Unavailable = """[{"message":"The session could not be checked; try again.","extensions":{"code":"UNAVAILABLE"}}]""";

    /// <summary>The errors of an operation that failed inside the server; details stay in the log.</summary>
    public const string InternalServerError = """[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]""";

    public static byte[] ConnectionAck() => Write("connection_ack", null, null);

    public static byte[] Ping() => Write("ping", null, null);

    /// <summary>Answers a ping, echoing its payload (an object, or none).</summary>
    public static byte[] Pong(string? payload) => Write("pong", null, payload);

    /// <summary>One execution result (JSON) of operation <paramref name="id"/>.</summary>
    public static byte[] Next(string id, string result) => Write("next", id, result);

    /// <summary>
    /// The start of every <c>next</c> message of operation <paramref name="id"/>, up to its payload: made once per
    /// subscription, so that each event costs one copy of its shared UTF-8 text (<see cref="Next(byte[], ReadOnlySpan{byte})"/>).
    /// </summary>
    public static byte[] NextPrefix(string id)
    {
        // Written as a whole message (same escaping as Next(id, result)), then cut before the placeholder payload.
        var whole = Write("next", id, "0");
        return whole[..^"0}".Length];
    }

    /// <summary>One <c>next</c> message: <paramref name="prefix"/> from <see cref="NextPrefix"/>, then the result's JSON.</summary>
    public static byte[] Next(byte[] prefix, ReadOnlySpan<byte> result)
    {
        var message = new byte[prefix.Length + result.Length + 1];
        prefix.CopyTo(message, 0);
        result.CopyTo(message.AsSpan(prefix.Length));
        message[^1] = (byte)'}';
        return message;
    }

    /// <summary>The operation did not execute: <paramref name="errors"/> is a JSON array of GraphQL errors.</summary>
    public static byte[] Error(string id, string errors) => Write("error", id, errors);

    public static byte[] Complete(string id) => Write("complete", id, null);

    private static byte[] Write(string type, string? id, string? payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString("id", id);
            }

            writer.WriteString("type", type);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
