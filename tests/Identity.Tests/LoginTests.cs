using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

public sealed class LoginTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync("login", new Dictionary<string, string?>
    {
        ["ACCESS_TOKEN_EXPIRE_MINUTES"] = "5",
        ["Identity:LoginThrottle:Address:FreeFailures"] = "1000",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Login_returns_a_token_its_expiry_and_the_user()
    {
        using var client = _host.CreateGraphQLClient();
        var before = DateTimeOffset.UtcNow;

        var login = await client.LoginPayloadAsync("admin", TestHost.AdminPassword);

        login.AssertNoErrors();
        Assert.Equal("admin", login.Json("user", "username"));
        Assert.Equal("ADMIN", login.Json("user", "role"));
        var token = new JsonWebToken(login.Json("accessToken"));
        Assert.Equal("HS256", token.Alg);
        var expiresAt = login.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddMinutes(5).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5));
        Assert.InRange((token.ValidTo - expiresAt.UtcDateTime).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_login_payload_shows_the_users_own_email()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient();

        var data = await client.QueryAsync(
            "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { user { username email } } }",
            new { u = user.Username, p = user.Password });

        Assert.Equal($"{user.Username}@example.com", data.Json("login", "user", "email"));
    }

    [Fact]
    public async Task The_token_from_login_opens_me()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(user.Token);

        var me = (await client.QueryAsync("{ me { id username email role isActive } }")).GetProperty("me");

        Assert.Equal(user.Id, me.Json("id"));
        Assert.Equal(user.Username, me.Json("username"));
        Assert.Equal($"{user.Username}@example.com", me.Json("email"));
        Assert.Equal("MEMBER", me.Json("role"));
        Assert.True(me.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Usernames_are_case_insensitive_and_trimmed_at_login()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient();

        var login = await client.LoginPayloadAsync($"  {user.Username.ToUpperInvariant()} ", user.Password);

        login.AssertNoErrors();
        Assert.Equal(user.Username, login.Json("user", "username"));
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_deactivated_user_get_the_same_answer()
    {
        var user = await _host.CreateUserAsync();
        var deactivated = await _host.CreateUserAsync();
        using (var admin = await _host.AdminAsync())
        {
            var payload = (await admin.QueryAsync(IdentityApi.Deactivate, new { id = deactivated.Id })).GetProperty("deactivateUser");
            payload.AssertNoErrors();
        }

        using var client = _host.CreateGraphQLClient();
        var answers = new[]
        {
            await client.PostLoginAsync(user.Username, user.Password + "-wrong"),
            await client.PostLoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..10], user.Password),
            await client.PostLoginAsync(deactivated.Username, deactivated.Password),
        };

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Empty(answer.Errors);
            var login = answer.Data.GetProperty("login");
            Assert.True(login.IsNull("accessToken"));
            Assert.True(login.IsNull("expiresAt"));
            Assert.True(login.IsNull("user"));
            var error = login.SingleError();
            Assert.Equal("InvalidCredentialsError", error.Json("__typename"));
            Assert.Equal("INVALID_CREDENTIALS", error.Json("code"));
        }

        // Byte for byte the same body: nothing (message, order, extra fields) tells the three cases apart.
        Assert.Single(answers.Select(a => a.Body).Distinct());
    }

    [Fact]
    public async Task A_deactivated_user_cannot_log_in_even_with_the_right_password()
    {
        var user = await _host.CreateUserAsync();
        using var admin = await _host.AdminAsync();
        (await admin.QueryAsync(IdentityApi.Deactivate, new { id = user.Id })).GetProperty("deactivateUser").AssertNoErrors();

        using var client = _host.CreateGraphQLClient();
        var login = await client.LoginPayloadAsync(user.Username, user.Password);

        Assert.True(login.IsNull("accessToken"));
        Assert.Equal("INVALID_CREDENTIALS", login.SingleError().Json("code"));
    }

    [Fact]
    public async Task Login_needs_no_token_and_ignores_a_bad_one()
    {
        using var client = _host.CreateGraphQLClient("not-a-token");

        var login = await client.LoginPayloadAsync("admin", TestHost.AdminPassword);

        login.AssertNoErrors();
        Assert.False(login.IsNull("accessToken"));
    }

    [Fact]
    public async Task Missing_login_arguments_are_a_validation_error_not_a_server_error()
    {
        using var client = _host.CreateGraphQLClient();

        var response = await client.PostAsync("mutation { login(input: {username: \"admin\"}) { accessToken } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotEmpty(response.Errors);
        Assert.False(response.HasData);
    }

    [Fact]
    public async Task Every_other_field_needs_a_token()
    {
        using var client = _host.CreateGraphQLClient();

        foreach (var query in new[]
        {
            "{ me { id } }",
            "{ users { totalCount } }",
            "{ node(id: \"VXNlcjox\") { id } }",
            "mutation { changePassword(input: {currentPassword: \"a\", newPassword: \"b\"}) { accessToken } }",
        })
        {
            var response = await client.PostAsync(query);
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
            Assert.False(response.HasData);
        }
    }

    [Fact]
    public async Task A_payload_selecting_only_errors_still_reports_failure()
    {
        using var client = _host.CreateGraphQLClient();

        var data = await client.QueryAsync("mutation { login(input: {username: \"admin\", password: \"wrong-password\"}) { errors { code } } }");

        Assert.Equal("INVALID_CREDENTIALS", data.GetProperty("login").SingleError().Json("code"));
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
    }
}
