using System.Net;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Validation;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// The parsed-document cache must hit for a repeated document (GraphQL.NET's own cache once silently never did,
/// graphql-dotnet#3810), and a hit must skip only the specification's rules: the caller- and transport-dependent
/// rules still run.
/// </summary>
public sealed class DocumentCacheTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync("document-cache");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private DocumentCache Cache => _host.GetService<DocumentCache>();

    [Fact]
    public async Task A_repeated_document_is_a_cache_hit_with_the_same_answer()
    {
        using var admin = await _host.AdminAsync();
        const string query = "query RepeatedDocument { me { username role } }";
        var (hits, misses) = (Cache.Hits, Cache.Misses);

        var first = await admin.QueryAsync(query);
        Assert.Equal((hits, misses + 1), (Cache.Hits, Cache.Misses));

        var second = await admin.QueryAsync(query);
        Assert.Equal((hits + 1, misses + 1), (Cache.Hits, Cache.Misses));
        Assert.Equal(first.GetRawText(), second.GetRawText());
    }

    [Fact]
    public async Task A_cached_document_is_still_refused_to_a_caller_without_the_role()
    {
        var member = await _host.CreateUserAsync();
        using var admin = await _host.AdminAsync();
        const string query = "query CachedUserList { users(first: 1) { totalCount } }";
        await admin.QueryAsync(query);
        await admin.QueryAsync(query);
        var hits = Cache.Hits;

        using var client = _host.CreateGraphQLClient(member.Token);
        var response = await client.PostAsync(query);

        Assert.Equal(hits + 1, Cache.Hits);
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
    }

    [Fact]
    public async Task A_mutation_cached_from_POST_is_still_refused_over_GET()
    {
        using var client = _host.CreateGraphQLClient();
        const string query = "mutation CachedLogin { login(input: {username: \"nobody-here\", password: \"Wrong-password-1\"}) { accessToken } }";
        await client.PostAsync(query);
        var hits = Cache.Hits;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
        request.Headers.Accept.ParseAdd(GraphQLClient.ResponseMediaType);
        request.Headers.Add("GraphQL-Preflight", "1");
        using var response = await client.Http.SendAsync(request);

        Assert.Equal(hits + 1, Cache.Hits);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_document_is_never_cached()
    {
        using var admin = await _host.AdminAsync();
        const string query = "query NotValid { noSuchField }";
        var (hits, misses) = (Cache.Hits, Cache.Misses);

        var first = await admin.PostAsync(query);
        var second = await admin.PostAsync(query);

        Assert.Equal((hits, misses + 2), (Cache.Hits, Cache.Misses));
        Assert.Equal(HttpStatusCode.BadRequest, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
    }

    [Fact]
    public async Task A_document_refused_for_its_size_is_never_cached()
    {
        using var admin = await _host.AdminAsync();
        var query = "query SpreadTooOften { " + string.Concat(Enumerable.Repeat("...F ", 1001)) + "} fragment F on Query { __typename }";
        var (hits, misses) = (Cache.Hits, Cache.Misses);

        var first = await admin.PostAsync(query);
        var second = await admin.PostAsync(query);

        Assert.Equal((hits, misses + 2), (Cache.Hits, Cache.Misses));
        Assert.Equal("COMPLEXITY", Assert.Single(first.ErrorCodes));
        Assert.Equal("COMPLEXITY", Assert.Single(second.ErrorCodes));
    }
}
