using Microsoft.Net.Http.Headers;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

internal enum ResponseFormat
{
    GraphQLResponseJson,
    Json,
    EventStream,
}

/// <summary>Content negotiation per GraphQL over HTTP: the client's highest-priority type we can produce.</summary>
internal static class MediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string EventStream = "text/event-stream";

    /// <summary>
    /// Null when nothing acceptable is listed (406). A missing Accept or <c>*/*</c> gets <c>application/json</c>,
    /// which legacy clients understand (as the graphql-http audits recommend).
    /// </summary>
    public static ResponseFormat? Negotiate(string? accept)
    {
        // What clients send nearly every time, answered without parsing the header (it showed in traces of `me`).
        switch (accept)
        {
            case Json or "*/*":
                return ResponseFormat.Json;
            case GraphQLResponse or GraphQLResponse + ", " + Json:
                return ResponseFormat.GraphQLResponseJson;
        }

        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList([accept], out var types))
        {
            return ResponseFormat.Json;
        }

        foreach (var type in types.OrderByDescending(t => t.Quality ?? 1).Where(t => t.Quality is not 0))
        {
            var name = type.MediaType.Value?.ToLowerInvariant();
            ResponseFormat? format = name switch
            {
                GraphQLResponse => ResponseFormat.GraphQLResponseJson,
                Json or "application/*" or "*/*" => ResponseFormat.Json,
                EventStream or "text/*" => ResponseFormat.EventStream,
                _ => null,
            };
            if (format is not null)
            {
                return format;
            }
        }

        return null;
    }

    public static string ContentType(ResponseFormat format) => format switch
    {
        ResponseFormat.GraphQLResponseJson => GraphQLResponse + "; charset=utf-8",
        ResponseFormat.EventStream => EventStream + "; charset=utf-8",
        _ => Json + "; charset=utf-8",
    };
}
