using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// Tokens changed one thing at a time from a real one: each must be refused with UNAUTHENTICATED (401), never a
/// 500, while the unchanged copy minted the same way is accepted (so the refusals prove what they claim).
/// </summary>
public sealed class TokenTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private TestUser _member = null!;
    private Dictionary<string, object> _claims = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("tokens");
        _member = await _host.CreateUserAsync();
        _claims = TestTokens.ClaimsOf(_member.Token);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_token_minted_with_the_real_key_and_claims_is_accepted()
    {
        using var client = _host.CreateGraphQLClient(TestTokens.Mint(_claims));

        var me = await client.QueryAsync("{ me { id } }");

        Assert.Equal(_member.Id, me.Json("me", "id"));
    }

    [Fact]
    public async Task An_expired_token_is_refused_as_expired()
    {
        var token = TestTokens.Mint(_claims, expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddMinutes(-20));

        var response = await MeAsync(token);

        Assert.Contains("expired", response.Errors[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused() =>
        await MeAsync(TestTokens.Mint(_claims, expires: DateTime.UtcNow.AddHours(2), notBefore: DateTime.UtcNow.AddHours(1)));

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var otherKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48));
        await MeAsync(TestTokens.Mint(_claims, key: otherKey));
    }

    [Theory]
    [InlineData("someone-else", "product-describer")]
    [InlineData("product-describer", "someone-else")]
    public async Task A_token_for_another_issuer_or_audience_is_refused(string issuer, string audience) =>
        await MeAsync(TestTokens.Mint(_claims, issuer: issuer, audience: audience));

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        await MeAsync(TestTokens.HandBuilt(new { alg = "none", typ = "JWT" }, _claims, sign: null));
        await MeAsync(TestTokens.HandBuilt(new { alg = "None", typ = "JWT" }, _claims, sign: null));
    }

    [Fact]
    public async Task A_token_whose_signature_was_cut_off_is_refused()
    {
        var real = _member.Token;
        await MeAsync(real[..(real.LastIndexOf('.') + 1)]);
    }

    [Fact]
    public async Task An_HS512_token_with_the_right_key_is_refused_as_only_HS256_is_accepted() =>
        await MeAsync(TestTokens.HandBuilt(new { alg = "HS512", typ = "JWT" }, _claims, TestTokens.HmacSha512));

    [Fact]
    public async Task An_RS256_header_is_refused_whether_signed_by_RSA_or_with_the_secret()
    {
        using var rsa = RSA.Create(2048);
        await MeAsync(TestTokens.HandBuilt(new { alg = "RS256", typ = "JWT" }, _claims, data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        await MeAsync(TestTokens.HandBuilt(new { alg = "RS256", typ = "JWT" }, _claims, TestTokens.HmacSha256));
    }

    [Fact]
    public async Task A_hand_built_HS256_token_is_accepted_so_the_header_refusals_are_real()
    {
        using var client = _host.CreateGraphQLClient(TestTokens.HandBuilt(new { alg = "HS256", typ = "JWT" }, _claims, TestTokens.HmacSha256));

        Assert.Equal(_member.Id, (await client.QueryAsync("{ me { id } }")).Json("me", "id"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("a.b")]
    [InlineData("....")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("e30.e30.e30")]
    public async Task Malformed_tokens_are_refused(string token) => await MeAsync(token);

    [Fact]
    public async Task A_huge_token_is_refused_without_a_server_error() =>
        await MeAsync(string.Join('.', Enumerable.Repeat(new string('A', 3000), 3)));

    [Fact]
    public async Task A_token_missing_the_session_stamp_is_refused()
    {
        var claims = new Dictionary<string, object>(_claims);
        claims.Remove("stamp");
        await MeAsync(TestTokens.Mint(claims));
    }

    [Fact]
    public async Task A_token_with_a_stale_stamp_is_refused()
    {
        var claims = new Dictionary<string, object>(_claims) { ["stamp"] = Guid.NewGuid().ToString("N") };
        await MeAsync(TestTokens.Mint(claims));
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("not-a-number")]
    [InlineData("-1")]
    public async Task A_token_for_a_user_that_does_not_exist_is_refused(string sub)
    {
        var claims = new Dictionary<string, object>(_claims) { ["sub"] = sub };
        await MeAsync(TestTokens.Mint(claims));
    }

    [Fact]
    public async Task Another_users_id_with_this_users_stamp_is_refused()
    {
        var other = await _host.CreateUserAsync();
        var claims = new Dictionary<string, object>(_claims) { ["sub"] = TestTokens.ClaimsOf(other.Token)["sub"] };
        await MeAsync(TestTokens.Mint(claims));
    }

    [Fact]
    public async Task An_admin_role_claim_in_a_members_token_does_not_make_them_admin()
    {
        var claims = new Dictionary<string, object>(_claims) { ["role"] = "admin" };
        using var client = _host.CreateGraphQLClient(TestTokens.Mint(claims));

        Assert.Equal("MEMBER", (await client.QueryAsync("{ me { role } }")).Json("me", "role"));
        var response = await client.PostAsync("{ users { totalCount } }");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
    }

    [Theory]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Token abc")]
    public async Task Other_authorization_schemes_and_empty_bearers_leave_the_caller_anonymous(string header)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ me { id } }\"}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", header);
        request.Headers.Accept.ParseAdd(GraphQLClient.ResponseMediaType);

        var response = await GraphQLResponse.ReadAsync(await http.SendAsync(request));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
    }

    /// <summary>Asks for <c>me</c> with the token and asserts the refusal: 401, UNAUTHENTICATED, no data.</summary>
    private async Task<GraphQLResponse> MeAsync(string token)
    {
        using var client = _host.CreateGraphQLClient(token);
        var response = await client.PostAsync("{ me { id } }");
        Assert.True(response.Status == HttpStatusCode.Unauthorized, $"Expected 401 for {token}, got {(int)response.Status}: {response.Body}");
        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
        return response;
    }
}
