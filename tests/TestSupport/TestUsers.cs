using System.Text.Json;

namespace ProductDescriber.TestSupport;

public sealed record TestUser(string Id, string Username, string Password, string Token);

/// <summary>Creates users through the public API, as an admin would.</summary>
public static class TestUsers
{
    private static int _counter;

    public static async Task<GraphQLClient> AdminAsync(this TestHost host)
    {
        var client = host.CreateGraphQLClient();
        await client.LoginAsync("admin", TestHost.AdminPassword);
        return client;
    }

    public static async Task<TestUser> CreateUserAsync(this TestHost host, string role = "MEMBER")
    {
        using var admin = await host.AdminAsync();
        var username = $"user{Interlocked.Increment(ref _counter)}x{Random.Shared.Next(1000, 9999)}";
        var password = $"Pass-{Guid.NewGuid():N}";
        var data = await admin.QueryAsync(
            "mutation($i: RegisterUserInput!) { registerUser(input: $i) { user { id } errors { message } } }",
            new { i = new { username, email = $"{username}@example.com", password, role } });
        var id = data.GetProperty("registerUser").GetProperty("user").GetProperty("id").GetString()!;
        using var client = host.CreateGraphQLClient();
        var token = await client.LoginAsync(username, password);
        return new TestUser(id, username, password, token);
    }

    /// <summary>A mutation payload's typed errors.</summary>
    public static JsonElement[] Errors(this JsonElement payload) => [.. payload.GetProperty("errors").EnumerateArray()];

    public static string Json(this JsonElement element, params string[] path)
    {
        foreach (var segment in path)
        {
            element = element.GetProperty(segment);
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
    }
}
