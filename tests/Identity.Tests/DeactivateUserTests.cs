using System.Net;
using System.Text;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

public sealed class DeactivateUserTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private GraphQLClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("deactivate");
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_member_is_forbidden_to_deactivate_anyone()
    {
        var member = await _host.CreateUserAsync();
        var victim = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);

        var response = await client.PostAsync(IdentityApi.Deactivate, new { id = victim.Id });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
        using var victimClient = _host.CreateGraphQLClient(victim.Token);
        await victimClient.QueryAsync("{ me { id } }");
    }

    [Fact]
    public async Task A_deactivated_members_existing_token_is_refused_on_the_next_request()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        await client.QueryAsync("{ me { id } }");

        var payload = await DeactivateAsync(member.Id);

        payload.AssertNoErrors();
        Assert.Equal(member.Id, payload.Json("user", "id"));
        Assert.False(payload.GetProperty("user").GetProperty("isActive").GetBoolean());
        var refused = await client.PostAsync("{ me { id } }");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(refused.ErrorCodes));
        Assert.False(refused.HasData);
    }

    [Fact]
    public async Task Deactivating_twice_is_harmless()
    {
        var member = await _host.CreateUserAsync();
        (await DeactivateAsync(member.Id)).AssertNoErrors();

        var again = await DeactivateAsync(member.Id);

        again.AssertNoErrors();
        Assert.False(again.GetProperty("user").GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themself()
    {
        var me = (await _admin.QueryAsync("{ me { id } }")).Json("me", "id");

        var payload = await DeactivateAsync(me);

        Assert.True(payload.IsNull("user"));
        var error = payload.SingleError();
        Assert.Equal("ValidationError", error.Json("__typename"));
        Assert.Equal("userId", error.Json("field"));
        await _admin.QueryAsync("{ me { id } }");
    }

    [Fact]
    public async Task An_unknown_user_id_is_a_not_found_error()
    {
        var payload = await DeactivateAsync(Id("User:987654321"));

        Assert.True(payload.IsNull("user"));
        var error = payload.SingleError();
        Assert.Equal("NotFoundError", error.Json("__typename"));
        Assert.Equal("NOT_FOUND", error.Json("code"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("User:01")]
    [InlineData("Product:1")]
    [InlineData("User:abc")]
    [InlineData("User:0")]
    public async Task A_malformed_id_is_a_validation_error(string id)
    {
        var encoded = id.Contains(':') ? Id(id) : id;

        var payload = await DeactivateAsync(encoded);

        Assert.True(payload.IsNull("user"));
        var error = payload.SingleError();
        Assert.Equal("ValidationError", error.Json("__typename"));
        Assert.Equal("userId", error.Json("field"));
    }

    private async Task<System.Text.Json.JsonElement> DeactivateAsync(string id) =>
        (await _admin.QueryAsync(IdentityApi.Deactivate, new { id })).GetProperty("deactivateUser");

    private static string Id(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
