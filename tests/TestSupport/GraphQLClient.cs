using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace ProductDescriber.TestSupport;

/// <summary>A minimal GraphQL-over-HTTP client for tests: JSON POST, bearer token, parsed response.</summary>
public sealed class GraphQLClient(HttpClient http, string? token = null) : IDisposable
{
    public const string ResponseMediaType = "application/graphql-response+json";

    public HttpClient Http => http;

    public string? Token { get; set; } = token;

    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null, string? operationName = null, string accept = ResponseMediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables, operationName }),
        };
        request.Headers.Accept.ParseAdd(accept);
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        using var response = await http.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>
    /// A GraphQL multipart request (operations, map, then the files) as browsers' upload links send it: each file
    /// fills the variable path given (e.g. <c>variables.i.files.0</c>), which must be null in
    /// <paramref name="variables"/>. Sends <c>GraphQL-Preflight: 1</c>, and the token when there is one.
    /// </summary>
    public async Task<GraphQLResponse> PostMultipartAsync(string query, object variables, params MultipartFile[] files)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { query, variables })), "operations" },
            { new StringContent(JsonSerializer.Serialize(files.Select((f, i) => (i, f)).ToDictionary(p => p.i.ToString(), p => new[] { p.f.VariablePath }))), "map" },
        };
        for (var i = 0; i < files.Length; i++)
        {
            var part = new ByteArrayContent(files[i].Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
            content.Add(part, i.ToString(), files[i].FileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Add("GraphQL-Preflight", "1");
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        using var response = await http.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>Posts and fails the test unless the result has data and no errors.</summary>
    public async Task<JsonElement> QueryAsync(string query, object? variables = null)
    {
        var response = await PostAsync(query, variables);
        Assert.True(response.Errors.Length == 0, $"Unexpected errors: {response.Body}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Data;
    }

    /// <summary>Logs in and keeps the token for later requests.</summary>
    public async Task<string> LoginAsync(string username, string password)
    {
        var data = await QueryAsync(
            "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken errors { code message } } }",
            new { u = username, p = password });
        var token = data.GetProperty("login").GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token), $"Login failed: {data}");
        Token = token;
        return token!;
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A file of a multipart request: the variable path it fills, the name and type the client gives it, its bytes.</summary>
public sealed record MultipartFile(string VariablePath, string FileName, byte[] Bytes, string ContentType = "application/octet-stream");

public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, string Body, JsonElement Root)
{
    public JsonElement Data => Root.GetProperty("data");

    public bool HasData => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null;

    public JsonElement[] Errors => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray()] : [];

    public string?[] ErrorCodes => [.. Errors.Select(e => e.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code) ? code.GetString() : null)];

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var root = body.Length > 0 && (body[0] == '{' || body[0] == '[') ? JsonDocument.Parse(body).RootElement.Clone() : default;
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, root);
    }
}
