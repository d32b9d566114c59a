using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;
using static ProductDescriber.Identity.Tests.Support.LoginOutcomes;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// The login throttle with small numbers: 3 free failures per username and address pair (waits then 1 s, 2 s, 4 s
/// ... capped at 10 s), 10 per address. The throttle's clock is a fake the tests move; each test connects from its
/// own loopback addresses, so no test's counters touch another's.
/// </summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = ThrottleHosts.NewClock();
    private readonly CapturedLogs _logs = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await ThrottleHosts.StartAsync("throttle", _clock, new Dictionary<string, string?>
    {
        ["Identity:LoginThrottle:Pair:FreeFailures"] = "3",
        ["Identity:LoginThrottle:Pair:MaxDelay"] = "00:00:10",
        ["Identity:LoginThrottle:Address:FreeFailures"] = "10",
    }, _logs);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Repeated_failures_from_one_pair_wait_twice_as_long_each_time_up_to_the_cap()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        var waits = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            // Too early: refused even with the right password, so the password was never checked.
            var wait = AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));
            waits.Add(wait);
            _clock.Wait(wait);
            AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-again-" + i));
        }

        Assert.Equal([1, 2, 4, 8, 10, 10], waits);
    }

    [Fact]
    public async Task An_unknown_username_gets_exactly_the_answers_a_real_one_gets()
    {
        var user = await _host.CreateUserAsync();

        var real = await FailAndWaitAsync(user.Username);
        var ghost = await FailAndWaitAsync(IdentityApi.NewUsername("ghost"));

        Assert.Equal(real, ghost);
        Assert.Equal(2, real.Count(answer => answer.Contains("TOO_MANY_ATTEMPTS", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task One_users_failures_do_not_block_another_behind_the_same_address_until_the_address_limit()
    {
        var failing = await _host.CreateUserAsync();
        var other = await _host.CreateUserAsync();
        using var office = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await office.LoginPayloadAsync(failing.Username, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await office.LoginPayloadAsync(failing.Username, failing.Password));
        AssertLoggedIn(await office.LoginPayloadAsync(other.Username, other.Password));

        // Seven more failures over usernames that are not waiting make the address's ten. The success above did
        // not clear the address's count, or these would not be enough.
        foreach (var name in Enumerable.Range(0, 6).Select(_ => IdentityApi.NewUsername("spray")).Append(other.Username))
        {
            AssertInvalidCredentials(await office.LoginPayloadAsync(name, "wrong-password"));
        }

        Assert.Equal(1, AssertTooManyAttempts(await office.LoginPayloadAsync(other.Username, other.Password)));
        AssertTooManyAttempts(await office.LoginPayloadAsync(IdentityApi.NewUsername("fresh"), "any-password"));
        Assert.Equal("address", _logs.Lines.Last(l => l.Value("Username") == other.Username && l.Value("RetryAfterSeconds") is not null).Value("Scope"));

        // Only this address waits: the same user logs in from another one.
        using var elsewhere = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        AssertLoggedIn(await elsewhere.LoginPayloadAsync(other.Username, other.Password));
    }

    [Fact]
    public async Task A_success_clears_the_pairs_failures()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-1"));
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-2"));
        AssertLoggedIn(await client.LoginPayloadAsync(user.Username, user.Password));

        // Without the reset the third failure in all would make the pair wait here.
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-3"));
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-4"));
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-5"));
        _clock.Wait(AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password)));
        AssertLoggedIn(await client.LoginPayloadAsync(user.Username, user.Password));

        // A wait is cleared too: failing again starts from the free failures.
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-6"));
        AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-7"));
    }

    [Fact]
    public async Task Concurrent_guesses_from_one_pair_get_no_more_checks_than_its_free_failures()
    {
        var user = await _host.CreateUserAsync();
        var address = ClientAddresses.Fresh();
        using var client = _host.CreateGraphQLClient(address);

        var payloads = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.LoginPayloadAsync(user.Username, "wrong-password-" + i)));

        var codes = payloads.Select(Code).ToList();
        Assert.Equal(3, codes.Count(c => c == "INVALID_CREDENTIALS"));
        Assert.Equal(7, codes.Count(c => c == "TOO_MANY_ATTEMPTS"));
        AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));
        using var elsewhere = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        AssertLoggedIn(await elsewhere.LoginPayloadAsync(user.Username, user.Password));
    }

    [Fact]
    public async Task Concurrent_guesses_from_one_address_get_no_more_checks_than_its_free_failures()
    {
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        var payloads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.LoginPayloadAsync(IdentityApi.NewUsername("burst"), "wrong-password")));

        var codes = payloads.Select(Code).ToList();
        Assert.Equal(10, codes.Count(c => c == "INVALID_CREDENTIALS"));
        Assert.Equal(10, codes.Count(c => c == "TOO_MANY_ATTEMPTS"));
    }

    [Fact]
    public async Task Concurrent_right_logins_beyond_the_free_failures_wait_their_turn_and_all_succeed()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());

        var payloads = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.LoginPayloadAsync(user.Username, user.Password)));

        Assert.All(payloads, AssertLoggedIn);
    }

    [Fact]
    public async Task Wrong_current_passwords_in_changePassword_count_for_the_pair()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh(), user.Token);

        for (var i = 0; i < 3; i++)
        {
            var payload = (await client.QueryAsync(IdentityApi.ChangePassword, new { c = "wrong-password-" + i, n = IdentityApi.NewPassword() })).GetProperty("changePassword");
            Assert.Equal("currentPassword", payload.SingleError().Json("field"));
        }

        var refused = (await client.QueryAsync(IdentityApi.ChangePassword, new { c = user.Password, n = IdentityApi.NewPassword() })).GetProperty("changePassword");
        Assert.Equal(1, AssertTooManyAttempts(refused));
    }

    [Fact]
    public async Task Each_throttling_decision_is_logged_with_its_scope_and_counted()
    {
        using var measurements = new ThrottleMeasurements();
        var user = await _host.CreateUserAsync();
        var address = ClientAddresses.Fresh().ToString();
        using var client = _host.CreateGraphQLClient(IPAddress.Parse(address));

        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));

        var lines = _logs.Lines.Where(l => l.Category == "ProductDescriber.Identity.Login.LoginThrottle" && l.Value("Username") == user.Username).ToList();
        Assert.All(lines, l => Assert.Equal(address, l.Value("Address")));
        var failed = lines.Where(l => l.Value("PairFailures") is not null).ToList();
        Assert.Equal(["1", "2"], failed.Select(l => l.Value("PairFailures")));
        Assert.All(failed, l => Assert.Equal(LogLevel.Information, l.Level));

        var waitImposed = Assert.Single(lines, l => l.Value("WaitSeconds") is not null);
        Assert.Equal(LogLevel.Warning, waitImposed.Level);
        Assert.Equal("pair", waitImposed.Value("Scope"));
        Assert.Equal("1", waitImposed.Value("WaitSeconds"));
        Assert.Equal("3", waitImposed.Value("Failures"));

        var refused = Assert.Single(lines, l => l.Value("RetryAfterSeconds") is not null);
        Assert.Equal("pair", refused.Value("Scope"));
        Assert.Equal("1", refused.Value("RetryAfterSeconds"));

        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("wrong-password", StringComparison.Ordinal) || l.Message.Contains(user.Password, StringComparison.Ordinal));
        Assert.Contains("pair", measurements.Scopes);
    }

    [Fact]
    public async Task Counters_are_purged_once_they_have_expired()
    {
        using (var early = _host.CreateGraphQLClient(ClientAddresses.Fresh()))
        {
            AssertInvalidCredentials(await early.LoginPayloadAsync(IdentityApi.NewUsername("old"), "wrong-password"));
        }

        Assert.Equal(2, await CountersAsync());

        // A day later than the longest quiet period: the next attempt's Host purges what no longer says anything.
        _clock.Advance(TimeSpan.FromHours(25));
        using var later = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        AssertInvalidCredentials(await later.LoginPayloadAsync(IdentityApi.NewUsername("new"), "wrong-password"));

        Assert.Equal(2, await CountersAsync());
        Assert.Equal(0, await CountersAsync(expiredBy: _clock.GetUtcNow()));
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
    public async Task Each_login_of_a_batched_request_counts_for_the_pair()
    {
        var user = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        var batch = Enumerable.Range(0, 4).Select(i => new { query = IdentityApi.Login, variables = new { u = user.Username, p = "wrong-password-" + i } });

        using var response = await client.Http.PostAsync("/graphql", JsonContent.Create(batch));
        using var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var codes = results.RootElement.EnumerateArray().Select(r => Code(r.GetProperty("data").GetProperty("login"))).ToList();
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

        // Nothing ran, so nothing was counted: three real failures are still free.
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

    /// <summary>Three failures, a refusal, the wait, one more failure and the doubled refusal, as raw answers.</summary>
    private async Task<List<string>> FailAndWaitAsync(string username)
    {
        using var client = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await client.PostLoginAsync(username, "wrong-password-" + i)).Body);
        }

        var refused = await client.PostLoginAsync(username, "wrong-password-3");
        answers.Add(refused.Body);
        _clock.Wait(AssertTooManyAttempts(refused.Data.GetProperty("login")));
        answers.Add((await client.PostLoginAsync(username, "wrong-password-4")).Body);
        answers.Add((await client.PostLoginAsync(username, "wrong-password-5")).Body);
        return answers;
    }

    private async Task<long> CountersAsync(DateTimeOffset? expiredBy = null)
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM identity.login_throttle_counters WHERE expires_at < coalesce(@by, 'infinity')", connection);
        command.Parameters.Add(new NpgsqlParameter("by", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)expiredBy ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static void AssertRefusedAsFlood(GraphQLResponse response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.Contains("LOGIN_LIMIT", response.ErrorCodes);
        Assert.Contains(response.Errors, e => e.GetProperty("message").GetString()!.Contains("one `login`", StringComparison.Ordinal));
    }
}
