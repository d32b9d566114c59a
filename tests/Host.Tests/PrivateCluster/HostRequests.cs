using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ProductDescriber.Host.Tests.PrivateCluster;

/// <summary>The few requests the private-cluster tests send to a Host process.</summary>
internal static class HostRequests
{
    public const string Me = "{ me { username } }";

    public static async Task<string> LoginAsync(Uri graphQL, string password)
    {
        using var response = await PostAsync(graphQL, "mutation($p: String!) { login(input: {username: \"admin\", password: $p}) { accessToken } }", new { p = password });
        var body = await response.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("login").GetProperty("accessToken").GetString()
            ?? throw new InvalidOperationException($"Login failed: {body}");
    }

    public static async Task<HttpResponseMessage> PostAsync(
        Uri graphQL, string query, object? variables = null, string? token = null, string accept = "application/graphql-response+json")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, graphQL) { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Accept.ParseAdd(accept);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The user <c>me</c> answers for, failing the test with the body when there is none.</summary>
    public static async Task<string> MeAsync(Uri graphQL, string token)
    {
        using var response = await PostAsync(graphQL, Me, token: token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("me").GetProperty("username").GetString()!;
    }
}
