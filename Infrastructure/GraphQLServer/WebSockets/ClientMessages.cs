using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// Reads the fields of the messages a graphql-transport-ws client sends (enisdenjo/graphql-ws PROTOCOL.md). Each
/// reader answers null or false for a field that is missing or of the wrong JSON kind; the protocol decides what
/// that means (mostly: close with 4400).
/// </summary>
internal static class ClientMessages
{
    /// <summary>The message's <c>type</c>, or null when the message is not an object with a string type.</summary>
    public static string? TypeOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    /// <summary>The <c>id</c> of a <c>complete</c>, or null when it is not a string.</summary>
    public static string? IdOf(JsonElement message) =>
        message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>The payload of a <c>ping</c> as JSON text when it is an object (the <c>pong</c> echoes it), else null.</summary>
    public static string? PingPayloadOf(JsonElement message) =>
        message.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object ? payload.GetRawText() : null;

    /// <summary>The payload of a <c>connection_init</c>; <c>Undefined</c> when there is none.</summary>
    public static JsonElement InitPayloadOf(JsonElement message) =>
        message.TryGetProperty("payload", out var payload) ? payload : default;

    /// <summary>A <c>subscribe</c> needs a non-empty string id and an object payload.</summary>
    public static bool TryReadSubscribe(JsonElement message, [NotNullWhen(true)] out string? id, out JsonElement payload)
    {
        payload = default;
        id = message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String && idElement.GetString() is { Length: > 0 } value
            ? value
            : null;
        return id is not null && message.TryGetProperty("payload", out payload) && payload.ValueKind == JsonValueKind.Object;
    }

    /// <summary>The GraphQL request a <c>subscribe</c> carries, or null when it is not one (no query text).</summary>
    public static GraphQLRequest? RequestOf(JsonElement payload, IGraphQLTextSerializer serializer)
    {
        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (JsonException)
        {
            request = null;
        }

        return request is null || string.IsNullOrEmpty(request.Query) ? null : request;
    }
}
