using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// The login throttle with small limits (3 failures per username, 6 per address). Each test connects from its own
/// loopback address, so the address counts of one test never lock another out.
/// </summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync("throttle", new Dictionary<string, string?>
    {
        ["Identity:LoginThrottle:MaxFailuresPerUsername"] = "3",
        ["Identity:LoginThrottle:MaxFailuresPerAddress"] = "6",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task After_three_failures_the_username_is_refused_even_with_the_right_password()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));

        // The lock is on the username, so another address is refused as well.
        using var elsewhere = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        AssertTooManyAttempts(await elsewhere.LoginPayloadAsync(user.Username, user.Password));
    }

    [Fact]
    public async Task An_unknown_username_is_locked_the_same_way()
    {
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        var nobody = IdentityApi.NewUsername("ghost");

        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(nobody, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await client.LoginPayloadAsync(nobody, "wrong-password-4"));
    }

    [Fact]
    public async Task Other_usernames_work_until_the_address_limit_then_the_address_is_refused()
    {
        var locked = await _host.CreateUserAsync();
        var other = await _host.CreateUserAsync();
        var address = ClientAddresses.Fresh();
        using var client = _host.CreateGraphQLClient(address);

        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(locked.Username, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await client.LoginPayloadAsync(locked.Username, locked.Password));
        (await client.LoginPayloadAsync(other.Username, other.Password)).AssertNoErrors();

        // Three more failures from this address, spread over usernames that are not locked: six in all.
        foreach (var name in new[] { IdentityApi.NewUsername("spray"), IdentityApi.NewUsername("spray"), other.Username })
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(name, "wrong-password"));
        }

        AssertTooManyAttempts(await client.LoginPayloadAsync(other.Username, other.Password));
        AssertTooManyAttempts(await client.LoginPayloadAsync(IdentityApi.NewUsername("fresh"), "any-password"));

        // Only this address is refused: the same user logs in from another one.
        using var elsewhere = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        (await elsewhere.LoginPayloadAsync(other.Username, other.Password)).AssertNoErrors();
    }

    [Fact]
    public async Task Concurrent_guesses_for_one_username_get_no_more_tries_than_the_limit()
    {
        var user = await _host.CreateUserAsync();

        var payloads = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
            return await client.LoginPayloadAsync(user.Username, "wrong-password-" + i);
        }));

        var codes = payloads.Select(p => p.SingleError().Json("code")).ToList();
        Assert.Equal(3, codes.Count(c => c == "INVALID_CREDENTIALS"));
        Assert.Equal(7, codes.Count(c => c == "TOO_MANY_ATTEMPTS"));
        using var later = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        AssertTooManyAttempts(await later.LoginPayloadAsync(user.Username, user.Password));
    }

    [Fact]
    public async Task Concurrent_guesses_from_one_address_get_no_more_tries_than_the_limit()
    {
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        var payloads = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.LoginPayloadAsync(IdentityApi.NewUsername("burst"), "wrong-password")));

        var codes = payloads.Select(p => p.SingleError().Json("code")).ToList();
        Assert.Equal(6, codes.Count(c => c == "INVALID_CREDENTIALS"));
        Assert.Equal(6, codes.Count(c => c == "TOO_MANY_ATTEMPTS"));
    }

    [Fact]
    public async Task Concurrent_right_logins_beyond_the_limit_wait_their_turn_and_all_succeed()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        var payloads = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.LoginPayloadAsync(user.Username, user.Password)));

        Assert.All(payloads, p => p.AssertNoErrors());
    }

    [Fact]
    public async Task A_successful_login_resets_the_username_count()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-1"));
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-2"));
        (await client.LoginPayloadAsync(user.Username, user.Password)).AssertNoErrors();

        // Without the reset the third failure in all would lock the username here.
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-3"));
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-4"));
        (await client.LoginPayloadAsync(user.Username, user.Password)).AssertNoErrors();
    }

    [Fact]
    public async Task Wrong_current_passwords_in_changePassword_count_towards_the_lock()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh(), user.Token);

        for (var i = 0; i < 3; i++)
        {
            var payload = (await client.QueryAsync(IdentityApi.ChangePassword, new { c = "wrong-password-" + i, n = IdentityApi.NewPassword() })).GetProperty("changePassword");
            Assert.Equal("currentPassword", payload.SingleError().Json("field"));
        }

        var locked = (await client.QueryAsync(IdentityApi.ChangePassword, new { c = user.Password, n = IdentityApi.NewPassword() })).GetProperty("changePassword");
        AssertTooManyAttempts(locked);
    }

    [Fact]
    public async Task Aliased_logins_in_one_document_are_refused_before_any_runs()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        var aliases = string.Join(' ', Enumerable.Range(0, 10).Select(i => $"a{i}: login(input: {{username: $u, password: $p}}) {{ accessToken }}"));

        var response = await client.PostAsync($"mutation($u: String!, $p: String!) {{ {aliases} }}", new { u = user.Username, p = user.Password });

        AssertRefusedAsFlood(response);
    }

    [Fact]
    public async Task Each_login_of_a_batched_request_counts_towards_the_lock()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        var batch = Enumerable.Range(0, 4).Select(i => new { query = IdentityApi.Login, variables = new { u = user.Username, p = "wrong-password-" + i } });

        using var response = await client.Http.PostAsync("/graphql", JsonContent.Create(batch));
        using var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var codes = results.RootElement.EnumerateArray().Select(r => r.GetProperty("data").GetProperty("login").SingleError().Json("code")).ToList();
        Assert.Equal(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"], codes);
        AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));
    }

    [Fact]
    public async Task Logins_hidden_in_fragments_are_counted_too()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        const string Document = """
            mutation($u: String!, $p: String!) { ...One ...Two }
            fragment One on Mutation { first: login(input: {username: $u, password: $p}) { accessToken } }
            fragment Two on Mutation { second: login(input: {username: $u, password: $p}) { accessToken } }
            """;

        AssertRefusedAsFlood(await client.PostAsync(Document, new { u = user.Username, p = "wrong-password" }));

        // Nothing ran, so nothing was counted: three real failures are still needed for the lock.
        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));
    }

    [Fact]
    public async Task The_same_login_field_repeated_by_fragments_runs_once_and_is_allowed()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        const string Document = """
            mutation($u: String!, $p: String!) { ...Login ...Login }
            fragment Login on Mutation { login(input: {username: $u, password: $p}) { accessToken } }
            """;

        var data = await client.QueryAsync(Document, new { u = user.Username, p = user.Password });

        Assert.False(data.GetProperty("login").IsNull("accessToken"));
    }

    private static void AssertRefusedAsFlood(GraphQLResponse response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.Contains("LOGIN_LIMIT", response.ErrorCodes);
        Assert.Contains(response.Errors, e => e.GetProperty("message").GetString()!.Contains("one `login`", StringComparison.Ordinal));
    }

    private static void AssertInvalidCredentials(JsonElement payload)
    {
        Assert.True(payload.IsNull("accessToken"), $"Expected a failure: {payload}");
        Assert.Equal("INVALID_CREDENTIALS", payload.SingleError().Json("code"));
    }

    private static void AssertTooManyAttempts(JsonElement payload)
    {
        Assert.True(payload.IsNull("accessToken"), $"Expected a refusal: {payload}");
        var error = payload.SingleError();
        Assert.Equal("TooManyAttemptsError", error.Json("__typename"));
        Assert.Equal("TOO_MANY_ATTEMPTS", error.Json("code"));
        Assert.True(error.GetProperty("retryAfterSeconds").GetInt32() > 0, $"retryAfterSeconds: {error}");
    }
}
