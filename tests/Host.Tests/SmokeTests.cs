using System.Net;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

public sealed class SmokeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Admin_logs_in_and_reads_me()
    {
        using var admin = await _host.AdminAsync();
        var data = await admin.QueryAsync("{ me { username role email } }");
        Assert.Equal("admin", data.Json("me", "username"));
        Assert.Equal("ADMIN", data.Json("me", "role"));
    }

    [Fact]
    public async Task Me_without_token_is_unauthenticated_with_401()
    {
        using var client = _host.CreateGraphQLClient();
        var response = await client.PostAsync("{ me { username } }");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
    }
}
