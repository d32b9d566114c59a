using System.Net;
using System.Text;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>Abusive documents are refused while validating, before any resolver runs.</summary>
public sealed class RequestLimitsTests(LimitsHostFixture fixture) : IClassFixture<LimitsHostFixture>
{
    internal const int MaxDepth = 15;
    internal const int MaxDefinitions = 50;

    private readonly TestHost _host = fixture.Host;
    private readonly HttpClient _http = fixture.Http;
    private readonly string _adminToken = fixture.AdminToken;

    [Fact]
    public async Task A_document_deeper_than_max_depth_is_refused_before_execution()
    {
        var response = await _http.PostJsonAsync(RawHttp.Json(new { query = Nested(MaxDepth + 5) }), token: _adminToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasDataEntry);
        Assert.Contains("COMPLEXITY", response.ErrorCodes);
        Assert.Contains(response.ErrorMessages, m => m.Contains("depth", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_document_within_max_depth_runs()
    {
        var response = await _http.PostJsonAsync(RawHttp.Json(new { query = Nested(MaxDepth - 1) }), token: _adminToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.True(response.Graph.HasData);
    }

    [Theory]
    [InlineData("me { username }", 5000)]
    [InlineData("__typename", 5000)]
    [InlineData("echo(text: \"x\")", 5000)]
    public async Task An_alias_flood_is_refused_by_complexity_before_execution(string selection, int aliases)
    {
        var probe = _host.GetService<HttpTestProbe>();
        var before = probe.Counter;
        var query = new StringBuilder("{ ");
        for (var i = 0; i < aliases; i++)
        {
            query.Append('a').Append(i).Append(": ").Append(selection).Append(' ');
        }

        query.Append("testCounter }");

        var response = await _http.PostJsonAsync(RawHttp.Json(new { query = query.ToString() }), token: _adminToken);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.Body[..Math.Min(500, response.Body.Length)]);
        Assert.False(response.HasDataEntry);
        Assert.Contains("COMPLEXITY", response.ErrorCodes);
        Assert.Equal(before, probe.Counter);
    }

    [Fact]
    public async Task Many_aliases_within_the_field_limit_run()
    {
        var query = "{ " + string.Join(' ', Enumerable.Range(0, 900).Select(i => $"a{i}: __typename")) + " }";

        var response = await _http.PostJsonAsync(RawHttp.Json(new { query }), token: _adminToken);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString()[..Math.Min(500, response.Body.Length)]);
        Assert.Equal("Query", response.Graph.Data.Json("a899"));
    }

    [Fact]
    public async Task A_page_larger_than_100_is_refused()
    {
        var tooLarge = await _http.PostJsonAsync("""{"query":"{ users(first: 1000) { nodes { username } } }"}""", token: _adminToken);
        var largest = await _http.PostJsonAsync("""{"query":"{ users(first: 100) { nodes { username } } }"}""", token: _adminToken);

        Assert.NotEmpty(tooLarge.ErrorMessages);
        Assert.False(tooLarge.Graph.HasData && tooLarge.Graph.Data.TryGetProperty("users", out var users) && users.ValueKind != System.Text.Json.JsonValueKind.Null, tooLarge.ToString());
        Assert.Contains(tooLarge.ErrorMessages, m => m.Contains("100", StringComparison.Ordinal));
        Assert.True(largest.Status == HttpStatusCode.OK, largest.ToString());
        Assert.Empty(largest.ErrorMessages);
    }

    [Fact]
    public async Task A_document_with_more_definitions_than_allowed_is_refused()
    {
        var operations = string.Join(' ', Enumerable.Range(0, MaxDefinitions + 1).Select(i => $"query Q{i} {{ __typename }}"));
        var fragments = "query Q { ...F0 } " + string.Join(' ', Enumerable.Range(0, MaxDefinitions + 1).Select(i => $"fragment F{i} on Query {{ __typename {(i < MaxDefinitions ? $"...F{i + 1}" : "")} }}"));

        var manyOperations = await _http.PostJsonAsync(RawHttp.Json(new { query = operations, operationName = "Q0" }));
        var manyFragments = await _http.PostJsonAsync(RawHttp.Json(new { query = fragments, operationName = "Q" }));

        foreach (var response in new[] { manyOperations, manyFragments })
        {
            Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
            Assert.False(response.HasDataEntry);
            Assert.Contains("DOCUMENT_TOO_LARGE", response.ErrorCodes);
        }
    }

    /// <summary>Introspection nests as deep as asked: <c>__schema { types { fields { type { ofType { ... } } } } }</c>.</summary>
    private static string Nested(int depth)
    {
        var levels = new List<string> { "__schema", "types", "fields", "type" };
        while (levels.Count < depth - 1)
        {
            levels.Add("ofType");
        }

        return "{ " + string.Join(" { ", levels) + " { name" + new string('}', levels.Count).Replace("}", " }") + " }";
    }
}

public sealed class LimitsHostFixture : HttpHostFixture
{
    protected override string Name => "limits";

    protected override Dictionary<string, string?> Settings => new()
    {
        ["GraphQL:MaxDepth"] = RequestLimitsTests.MaxDepth.ToString(),
        ["GraphQL:MaxDefinitions"] = RequestLimitsTests.MaxDefinitions.ToString(),
    };
}
