using System.Net;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

public sealed class ParserDepthTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task A_valid_query_nested_beyond_the_depth_limit_is_refused_before_execution()
    {
        using var admin = await _host.AdminAsync();
        var query = "{ __type(name: \"User\") { " + string.Concat(Enumerable.Repeat("ofType { ", 20)) + "name" + new string('}', 20) + " } }";
        var response = await admin.PostAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.Contains("COMPLEXITY", response.ErrorCodes);
        Assert.Contains("depth", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(50_000)]
    public async Task Pathologically_nested_documents_are_refused_by_the_parser(int depth)
    {
        using var admin = await _host.AdminAsync();
        var query = "{ " + string.Concat(Enumerable.Repeat("me { ", depth)) + "username" + new string('}', depth) + " }";
        var response = await admin.PostAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.NotEmpty(response.Errors);

        // The server is still fine afterwards.
        Assert.Equal("admin", (await admin.QueryAsync("{ me { username } }")).Json("me", "username"));
    }

    [Fact]
    public async Task Deeply_nested_input_values_are_refused()
    {
        using var admin = await _host.AdminAsync();
        var value = string.Concat(Enumerable.Repeat("[", 5_000)) + "1" + new string(']', 5_000);
        var response = await admin.PostAsync($"{{ users(search: {value}) {{ totalCount }} }}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotEmpty(response.Errors);
    }
}
