using System.Net;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

public sealed class ChangePasswordTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync("password", new Dictionary<string, string?>
    {
        ["Identity:LoginThrottle:Address:FreeFailures"] = "1000",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_wrong_current_password_is_a_validation_error_and_changes_nothing()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(user.Token);

        var payload = await ChangeAsync(client, "not-my-password", IdentityApi.NewPassword());

        Assert.True(payload.IsNull("accessToken"));
        var error = payload.SingleError();
        Assert.Equal("ValidationError", error.Json("__typename"));
        Assert.Equal("currentPassword", error.Json("field"));
        await client.QueryAsync("{ me { id } }");
        using var login = _host.CreateGraphQLClient();
        (await login.LoginPayloadAsync(user.Username, user.Password)).AssertNoErrors();
    }

    [Theory]
    [InlineData("short")]
    [InlineData("password123")]
    [InlineData("zzzzzzzzzzzz")]
    public async Task A_weak_new_password_is_a_validation_error(string newPassword)
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(user.Token);

        var payload = await ChangeAsync(client, user.Password, newPassword);

        Assert.True(payload.IsNull("accessToken"));
        Assert.Equal("newPassword", payload.SingleError().Json("field"));
        await client.QueryAsync("{ me { id } }");
    }

    [Fact]
    public async Task A_new_password_containing_the_username_is_refused()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(user.Token);

        var payload = await ChangeAsync(client, user.Password, $"x-{user.Username}-y");

        Assert.Equal("newPassword", payload.SingleError().Json("field"));
    }

    [Fact]
    public async Task Success_returns_a_new_token_and_revokes_the_old_one_at_once()
    {
        var user = await _host.CreateUserAsync();
        using var oldClient = _host.CreateGraphQLClient(user.Token);
        var newPassword = IdentityApi.NewPassword();

        var payload = await ChangeAsync(oldClient, user.Password, newPassword);

        payload.AssertNoErrors();
        Assert.Equal(user.Username, payload.Json("user", "username"));
        var newToken = payload.Json("accessToken");
        Assert.NotEqual(user.Token, newToken);
        Assert.True(payload.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        var refused = await oldClient.PostAsync("{ me { id } }");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(refused.ErrorCodes));
        Assert.Contains("revoked", refused.Errors[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        using var newClient = _host.CreateGraphQLClient(newToken);
        Assert.Equal(user.Id, (await newClient.QueryAsync("{ me { id } }")).Json("me", "id"));

        using var login = _host.CreateGraphQLClient();
        Assert.Equal("INVALID_CREDENTIALS", (await login.LoginPayloadAsync(user.Username, user.Password)).SingleError().Json("code"));
        (await login.LoginPayloadAsync(user.Username, newPassword)).AssertNoErrors();
    }

    [Fact]
    public async Task Every_earlier_token_is_revoked_not_only_the_one_used()
    {
        var user = await _host.CreateUserAsync();
        using var second = _host.CreateGraphQLClient();
        var secondToken = await second.LoginAsync(user.Username, user.Password);
        using var first = _host.CreateGraphQLClient(user.Token);

        (await ChangeAsync(first, user.Password, IdentityApi.NewPassword())).AssertNoErrors();

        var refused = await second.PostAsync("{ me { id } }");
        Assert.Equal("UNAUTHENTICATED", Assert.Single(refused.ErrorCodes));
        Assert.NotEqual(user.Token, secondToken);
    }

    private static async Task<System.Text.Json.JsonElement> ChangeAsync(GraphQLClient client, string current, string next) =>
        (await client.QueryAsync(IdentityApi.ChangePassword, new { c = current, n = next })).GetProperty("changePassword");
}
