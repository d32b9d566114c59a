using System.Net.WebSockets;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>The token in <c>connection_init</c>: a refused one closes the socket with 4403, which clients retry.</summary>
public sealed class GraphQLWsAuthenticationTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    private static readonly WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;

    private Uri Url => fixture.Host.WebSocketUrl;

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")]
    public async Task Invalid_token_closes_with_4403(string token) =>
        Assert.Equal(Forbidden, await InitAndReadCloseAsync(token));

    [Fact]
    public async Task Token_signed_with_another_key_closes_with_4403() =>
        Assert.Equal(Forbidden, await InitAndReadCloseAsync(Mint(fixture.AdminToken, expires: DateTime.UtcNow.AddMinutes(10), key: "another-secret-key-0123456789-abcdefghijklmnopqrstuvw")));

    [Fact]
    public async Task Minted_token_like_the_hosts_own_is_accepted()
    {
        // The control for the expired-token test: the same claims, key and issuer, only not expired.
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, Mint(fixture.AdminToken, expires: DateTime.UtcNow.AddMinutes(10)));
        await socket.SubscribeAsync("me", "{ me { username } }");
        Assert.Equal("admin", (await socket.ReceiveNextAsync("me")).Json("data", "me", "username"));
    }

    [Fact]
    public async Task Expired_token_closes_with_4403() =>
        Assert.Equal(Forbidden, await InitAndReadCloseAsync(Mint(fixture.AdminToken, expires: DateTime.UtcNow.AddMinutes(-5))));

    [Fact]
    public async Task Open_socket_is_closed_with_4403_when_its_token_expires()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, Mint(fixture.AdminToken, expires: DateTime.UtcNow.AddSeconds(3)));

        Assert.Equal(Forbidden, await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("Token expired", socket.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Deactivated_users_token_closes_with_4403()
    {
        var user = await fixture.Host.CreateUserAsync();
        await using (await GraphQLWsTestClient.ConnectAndInitAsync(Url, user.Token))
        {
            // Accepted while the user is active.
        }

        var data = await fixture.Admin.QueryAsync(
            "mutation($id: ID!) { deactivateUser(input: {userId: $id}) { user { isActive } errors { message } } }",
            new { id = user.Id });
        Assert.Equal("false", data.Json("deactivateUser", "user", "isActive"));

        Assert.Equal(Forbidden, await InitAndReadCloseAsync(user.Token));
    }

    private async Task<WebSocketCloseStatus> InitAndReadCloseAsync(string token)
    {
        await using var socket = await GraphQLWsTestClient.ConnectAsync(Url);
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = $"Bearer {token}" } });
        return await socket.ReceiveCloseAsync();
    }

    /// <summary>A token with the claims of <paramref name="template"/> (sub, name, role, stamp), signed like the Host's.</summary>
    private static string Mint(string template, DateTime expires, string key = TestHost.SecretKey)
    {
        var source = new JsonWebToken(template);
        var issued = expires.AddMinutes(-30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "product-describer",
            Audience = "product-describer",
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Claims = new[] { "sub", "name", "role", "stamp" }.ToDictionary(c => c, c => (object)source.GetClaim(c).Value),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
