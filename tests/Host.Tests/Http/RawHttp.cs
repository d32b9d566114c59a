using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>A response as the wire delivered it: status, headers and body, with the body parsed when it is JSON.</summary>
internal sealed record RawResponse(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, string? Allow, string? WwwAuthenticate, GraphQLResponse Graph)
{
    public string Body => Graph.Body;

    public JsonElement Root => Graph.Root;

    public string?[] ErrorCodes => Graph.ErrorCodes;

    public string[] ErrorMessages => [.. Graph.Errors.Select(e => e.GetProperty("message").GetString() ?? "")];

    /// <summary>True when the top-level object has a <c>data</c> entry at all (null included).</summary>
    public bool HasDataEntry => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("data", out _);

    public override string ToString() => $"{(int)Status} {ContentType}: {Body}";
}

/// <summary>Builds requests byte by byte where the tests need to control every header (GraphQLClient sets its own).</summary>
internal static class RawHttp
{
    public const string GraphQLResponseJson = "application/graphql-response+json";

    public static Task<RawResponse> PostJsonAsync(this HttpClient http, string json, string? accept = GraphQLResponseJson, string? contentType = "application/json", string? token = null) =>
        http.SendRawAsync(HttpMethod.Post, "/graphql", Body(json, contentType), accept, token: token);

    public static Task<RawResponse> GetQueryAsync(this HttpClient http, string query, string? variables = null, bool preflight = true, string? accept = GraphQLResponseJson, string? token = null)
    {
        var url = "/graphql?query=" + Uri.EscapeDataString(query) + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables));
        return http.SendRawAsync(HttpMethod.Get, url, null, accept, preflight ? [("GraphQL-Preflight", "1")] : [], token);
    }

    public static async Task<RawResponse> SendRawAsync(
        this HttpClient http,
        HttpMethod method,
        string url,
        HttpContent? content,
        string? accept = GraphQLResponseJson,
        IEnumerable<(string Name, string Value)>? headers = null,
        string? token = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        var graph = await GraphQLResponse.ReadAsync(response);
        return new RawResponse(
            response.StatusCode,
            response.Content.Headers.ContentType,
            response.Content.Headers.Allow.Count > 0 ? string.Join(", ", response.Content.Headers.Allow) : null,
            response.Headers.WwwAuthenticate.Count > 0 ? response.Headers.WwwAuthenticate.ToString() : null,
            graph);
    }

    /// <summary>A body with exactly the given Content-Type header, or none at all when it is null.</summary>
    public static HttpContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
