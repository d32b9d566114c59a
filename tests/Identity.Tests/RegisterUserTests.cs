using System.Net;
using System.Text.Json;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

public sealed class RegisterUserTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private GraphQLClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("register");
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_registers_a_member_who_can_then_log_in()
    {
        var username = IdentityApi.NewUsername("new");
        var password = IdentityApi.NewPassword();

        var payload = await _admin.RegisterAsync($" {username.ToUpperInvariant()} ", $"{username.ToUpperInvariant()}@Example.COM", password);

        payload.AssertNoErrors();
        var user = payload.GetProperty("user");
        Assert.Equal(username, user.Json("username"));
        Assert.Equal($"{username}@example.com", user.Json("email"));
        Assert.Equal("MEMBER", user.Json("role"));
        Assert.True(user.GetProperty("isActive").GetBoolean());
        using var client = _host.CreateGraphQLClient();
        (await client.LoginPayloadAsync(username, password)).AssertNoErrors();
    }

    [Fact]
    public async Task An_admin_may_register_another_admin()
    {
        var username = IdentityApi.NewUsername("boss");
        var password = IdentityApi.NewPassword();
        (await _admin.RegisterAsync(username, $"{username}@example.com", password, "ADMIN")).AssertNoErrors();

        using var client = _host.CreateGraphQLClient();
        await client.LoginAsync(username, password);
        var users = await client.QueryAsync("{ users(first: 1) { totalCount } }");
        Assert.True(users.GetProperty("users").GetProperty("totalCount").GetInt32() >= 2);
    }

    [Fact]
    public async Task An_omitted_or_null_role_means_member()
    {
        foreach (var role in new[] { "omitted", "null" })
        {
            var username = IdentityApi.NewUsername(role);
            object input = role == "null"
                ? new { username, email = $"{username}@example.com", password = IdentityApi.NewPassword(), role = (string?)null }
                : new { username, email = $"{username}@example.com", password = IdentityApi.NewPassword() };

            var payload = (await _admin.QueryAsync(IdentityApi.Register, new { i = input })).GetProperty("registerUser");

            payload.AssertNoErrors();
            Assert.Equal("MEMBER", payload.Json("user", "role"));
        }
    }

    [Fact]
    public async Task An_unknown_role_is_refused_by_the_schema()
    {
        var username = IdentityApi.NewUsername("role");

        var response = await _admin.PostAsync(IdentityApi.Register, new { i = new { username, email = $"{username}@example.com", password = IdentityApi.NewPassword(), role = "OWNER" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
    }

    [Fact]
    public async Task A_member_is_forbidden_to_register_users()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        var username = IdentityApi.NewUsername("sneaky");

        var response = await client.PostAsync(IdentityApi.Register, new { i = new { username, email = $"{username}@example.com", password = IdentityApi.NewPassword() } });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
        using var client2 = _host.CreateGraphQLClient();
        Assert.Equal("INVALID_CREDENTIALS", (await client2.LoginPayloadAsync(username, "whatever-password")).SingleError().Json("code"));
    }

    [Theory]
    [InlineData("ab", "username")]
    [InlineData("has space", "username")]
    [InlineData("-dash-first", "username")]
    [InlineData("émile", "username")]
    [InlineData("a123456789012345678901234567890123456789012345678901", "username")]
    public async Task Bad_usernames_are_a_validation_error_on_username(string username, string field) =>
        await AssertRefusedAsync(username, "fine@example.com", "Correct-Horse-Battery-9", field);

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("Name <name@example.com>")]
    [InlineData("")]
    [InlineData("trailing@")]
    public async Task Bad_emails_are_a_validation_error_on_email(string email) =>
        await AssertRefusedAsync(IdentityApi.NewUsername("mail"), email, IdentityApi.NewPassword(), "email");

    [Theory]
    [InlineData("short1!")]
    [InlineData("aaaaaaaaaaaaaa")]
    [InlineData("ababababababab")]
    [InlineData("password123")]
    [InlineData("Password123")]
    public async Task Weak_passwords_are_a_validation_error_on_password(string password) =>
        await AssertRefusedAsync(IdentityApi.NewUsername("weak"), $"{Guid.NewGuid():N}@example.com", password, "password");

    [Fact]
    public async Task A_password_containing_the_username_is_refused()
    {
        var username = IdentityApi.NewUsername("self");
        await AssertRefusedAsync(username, $"{username}@example.com", $"My-{username}-1", "password");
    }

    [Fact]
    public async Task A_password_over_72_bytes_is_refused_even_when_shorter_in_characters()
    {
        await AssertRefusedAsync(IdentityApi.NewUsername("long"), $"{Guid.NewGuid():N}@example.com", new string('x', 40) + "Abcdefghijklmnopqrstuvwxyz0123456", "password");

        // 40 two-byte characters: 40 characters, 80 bytes; bcrypt would silently drop the tail.
        await AssertRefusedAsync(IdentityApi.NewUsername("utf"), $"{Guid.NewGuid():N}@example.com", string.Concat(Enumerable.Repeat("éü", 20)), "password");
    }

    [Fact]
    public async Task Duplicate_usernames_and_emails_are_refused_case_insensitively()
    {
        var username = IdentityApi.NewUsername("dup");
        (await _admin.RegisterAsync(username, $"{username}@example.com", IdentityApi.NewPassword())).AssertNoErrors();

        await AssertRefusedAsync(username, $"other-{username}@example.com", IdentityApi.NewPassword(), "username");
        await AssertRefusedAsync(username.ToUpperInvariant(), $"other-{username}@example.com", IdentityApi.NewPassword(), "username");
        await AssertRefusedAsync(IdentityApi.NewUsername("dup"), $"{username}@example.com", IdentityApi.NewPassword(), "email");
        await AssertRefusedAsync(IdentityApi.NewUsername("dup"), $"{username.ToUpperInvariant()}@EXAMPLE.com", IdentityApi.NewPassword(), "email");

        var both = await _admin.RegisterAsync(username, $"{username}@example.com", IdentityApi.NewPassword());
        Assert.Equal(["email", "username"], both.Errors().Select(e => e.Json("field")).Order());
    }

    [Fact]
    public async Task Every_problem_of_an_input_is_reported_at_once()
    {
        var payload = await _admin.RegisterAsync("x", "nope", "short");

        Assert.True(payload.IsNull("user"));
        Assert.Equal(["email", "password", "username"], payload.Errors().Select(e => e.Json("field")).Order());
        Assert.All(payload.Errors(), e =>
        {
            Assert.Equal("ValidationError", e.Json("__typename"));
            Assert.Equal("VALIDATION_FAILED", e.Json("code"));
            Assert.False(string.IsNullOrWhiteSpace(e.Json("message")));
        });
    }

    [Fact]
    public async Task Ten_concurrent_registrations_of_one_username_create_exactly_one_user()
    {
        var username = IdentityApi.NewUsername("race");
        var attempts = Enumerable.Range(0, 10).Select(async i =>
        {
            using var admin = _host.CreateGraphQLClient(_admin.Token);
            return await admin.RegisterAsync(username, $"race{i}-{username}@example.com", IdentityApi.NewPassword());
        });

        var payloads = await Task.WhenAll(attempts);

        Assert.Single(payloads, p => p.GetProperty("user").ValueKind == JsonValueKind.Object);
        Assert.All(payloads.Where(p => p.IsNull("user")), p => Assert.Equal("username", p.SingleError().Json("field")));
        var listed = await _admin.QueryAsync("query($s: String) { users(search: $s) { totalCount } }", new { s = username });
        Assert.Equal(1, listed.GetProperty("users").GetProperty("totalCount").GetInt32());
    }

    private async Task AssertRefusedAsync(string username, string email, string password, string field)
    {
        var payload = await _admin.RegisterAsync(username, email, password);
        Assert.True(payload.IsNull("user"), $"Expected a refusal: {payload}");
        var error = payload.SingleError();
        Assert.Equal("ValidationError", error.Json("__typename"));
        Assert.Equal("VALIDATION_FAILED", error.Json("code"));
        Assert.Equal(field, error.Json("field"));
    }
}
