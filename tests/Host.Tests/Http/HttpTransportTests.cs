using System.Net;
using System.Text;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>GraphQL over HTTP on the real Host: media types, status codes, methods, bodies and batches.</summary>
public sealed class HttpTransportTests(TransportHostFixture fixture) : IClassFixture<TransportHostFixture>
{
    internal const int MaxRequestBytes = 64 * 1024;
    internal const int MaxBatchSize = 3;

    private readonly TestHost _host = fixture.Host;
    private readonly HttpClient _http = fixture.Http;
    private readonly string _adminToken = fixture.AdminToken;

    [Fact]
    public async Task Post_json_query_returns_data_without_errors()
    {
        var response = await _http.PostJsonAsync("""{"query":"{ echo(text: \"hi\") }"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("hi", response.Graph.Data.Json("echo"));
        Assert.False(response.Root.TryGetProperty("errors", out _), response.Body);
    }

    [Theory]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData(null, "application/json")]
    [InlineData("application/json;q=0.5, application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("text/html, application/graphql-response+json;q=0.9", "application/graphql-response+json")]
    public async Task Response_media_type_follows_accept_and_is_utf8(string? accept, string expected)
    {
        var response = await _http.PostJsonAsync("""{"query":"{ __typename }"}""", accept);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(expected, response.ContentType?.MediaType);
        Assert.Equal("utf-8", response.ContentType?.CharSet);
        Assert.Equal("Query", response.Graph.Data.Json("__typename"));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("application/graphql-response+json;q=0")]
    public async Task Unacceptable_accept_is_406(string accept)
    {
        var response = await _http.PostJsonAsync("""{"query":"{ incrementTestCounter }"}""", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
        Assert.Equal("NOT_ACCEPTABLE", Assert.Single(response.ErrorCodes));
    }

    [Theory]
    [InlineData("{", null, "parse")]
    [InlineData("{ noSuchField }", null, "validation")]
    [InlineData("query($id: ID!) { __typename }", """{"id":null}""", "variable coercion")]
    [InlineData("query($n: Int!) { __typename }", """{"n":"not a number"}""", "variable coercion")]
    public async Task Request_errors_are_400_without_data_under_graphql_response_json_and_200_under_json(string query, string? variables, string kind)
    {
        var body = variables is null ? RawHttp.Json(new { query }) : $$"""{"query":{{RawHttp.Json(query)}},"variables":{{variables}}}""";

        var modern = await _http.PostJsonAsync(body, RawHttp.GraphQLResponseJson);
        var legacy = await _http.PostJsonAsync(body, "application/json");

        Assert.True(modern.Status == HttpStatusCode.BadRequest, $"{kind}: {modern}");
        Assert.False(modern.HasDataEntry, $"{kind}: {modern}");
        Assert.NotEmpty(modern.ErrorMessages);
        Assert.True(legacy.Status == HttpStatusCode.OK, $"{kind}: {legacy}");
        Assert.NotEmpty(legacy.ErrorMessages);
        Assert.False(legacy.HasDataEntry, $"{kind}: {legacy}");
    }

    [Fact]
    public async Task A_field_error_during_execution_is_200_with_partial_data()
    {
        var response = await _http.PostJsonAsync("""{"query":"{ echo(text: \"kept\") failingTestField }"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("kept", response.Graph.Data.Json("echo"));
        Assert.Equal("null", response.Graph.Data.Json("failingTestField"));
        Assert.NotEmpty(response.ErrorMessages);
    }

    [Fact]
    public async Task Missing_token_is_401_with_www_authenticate_and_wrong_role_is_403()
    {
        var member = await _host.CreateUserAsync();

        var anonymous = await _http.PostJsonAsync("""{"query":"{ me { username } }"}""");
        var forbidden = await _http.PostJsonAsync("""{"query":"{ users { totalCount } }"}""", token: member.Token);
        var forbiddenLegacy = await _http.PostJsonAsync("""{"query":"{ users { totalCount } }"}""", "application/json", token: member.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("Bearer", anonymous.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(forbidden.ErrorCodes));
        Assert.False(forbidden.HasDataEntry);
        Assert.Equal(HttpStatusCode.OK, forbiddenLegacy.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(forbiddenLegacy.ErrorCodes));
    }

    [Theory]
    [InlineData(RawHttp.GraphQLResponseJson)]
    [InlineData("application/json")]
    public async Task Malformed_json_is_400(string accept)
    {
        var response = await _http.PostJsonAsync("""{ "query": "{ __typename }" """, accept);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_REQUEST", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasDataEntry);
    }

    [Theory]
    [InlineData("\"{ __typename }\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[1, 2]")]
    [InlineData("""{"query": 1}""")]
    [InlineData("""{"query": {"text": "{ __typename }"}}""")]
    [InlineData("""{"query": ["{ __typename }"]}""")]
    [InlineData("""{"query": false}""")]
    [InlineData("""{"qeury": "{ __typename }"}""")]
    [InlineData("""{"query": "{ __typename }", "variables": "{}"}""")]
    [InlineData("""{"query": "{ __typename }", "variables": [1]}""")]
    [InlineData("""{"query": "{ __typename }", "operationName": 7}""")]
    [InlineData("""{"query": "{ __typename }", "extensions": "x"}""")]
    public async Task A_body_that_is_not_a_graphql_request_object_is_400(string body)
    {
        foreach (var accept in new[] { RawHttp.GraphQLResponseJson, "application/json" })
        {
            var response = await _http.PostJsonAsync(body, accept);

            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{body} ({accept}): {response}");
            Assert.False(response.HasDataEntry, response.ToString());
        }
    }

    [Fact]
    public async Task An_unknown_document_id_is_400()
    {
        var response = await _http.PostJsonAsync("""{"documentId":"sha256:0123"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotEmpty(response.ErrorMessages);
        Assert.False(response.HasDataEntry);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t ")]
    public async Task An_empty_body_is_400(string body)
    {
        var response = await _http.PostJsonAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("empty", Assert.Single(response.ErrorMessages));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Unsupported_content_types_and_charsets_are_415_and_nothing_runs(string? contentType)
    {
        var before = _host.GetService<HttpTestProbe>().Counter;

        var response = await _http.PostJsonAsync("""{"query":"mutation { incrementTestCounter }"}""", contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", Assert.Single(response.ErrorCodes));
        Assert.Equal(before, _host.GetService<HttpTestProbe>().Counter);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=\"utf-8\"")]
    public async Task Utf8_charset_parameters_are_accepted(string contentType)
    {
        var response = await _http.PostJsonAsync("""{"query":"{ __typename }"}""", contentType: contentType);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_are_405_with_allow(string method)
    {
        var response = await _http.SendRawAsync(new HttpMethod(method), "/graphql", RawHttp.Body("""{"query":"mutation { incrementTestCounter }"}""", "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("GET, POST", response.Allow);
    }

    [Fact]
    public async Task Get_runs_a_query_when_a_preflight_header_is_present()
    {
        var plain = await _http.GetQueryAsync("{ echo(text: \"over get\") }");
        var withVariables = await _http.GetQueryAsync("query($t: String!) { echo(text: $t) }", """{"t":"from variables"}""", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.Equal("over get", plain.Graph.Data.Json("echo"));
        Assert.Equal(HttpStatusCode.OK, withVariables.Status);
        Assert.Equal("from variables", withVariables.Graph.Data.Json("echo"));
    }

    [Fact]
    public async Task Get_without_a_preflight_header_is_refused()
    {
        var response = await _http.GetQueryAsync("{ echo(text: \"x\") }", preflight: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("preflight", Assert.Single(response.ErrorMessages));
        Assert.False(response.HasDataEntry);
    }

    [Fact]
    public async Task Get_mutation_is_405_with_allow_post_and_does_not_run()
    {
        var probe = _host.GetService<HttpTestProbe>();
        var before = probe.Counter;

        var withPreflight = await _http.GetQueryAsync("mutation { incrementTestCounter }");
        var withToken = await _http.GetQueryAsync("mutation { incrementTestCounter }", preflight: false, token: _adminToken);
        var legacy = await _http.GetQueryAsync("mutation { incrementTestCounter }", accept: "application/json");
        var withoutPreflight = await _http.GetQueryAsync("mutation { incrementTestCounter }", preflight: false);
        var counter = await _http.GetQueryAsync("{ testCounter }");

        foreach (var refused in new[] { withPreflight, withToken, legacy })
        {
            Assert.True(refused.Status == HttpStatusCode.MethodNotAllowed, refused.ToString());
            Assert.Equal("POST", refused.Allow);
            Assert.Contains("METHOD_NOT_ALLOWED", refused.ErrorCodes);
            Assert.False(refused.HasDataEntry);
        }

        Assert.Equal(HttpStatusCode.BadRequest, withoutPreflight.Status);
        Assert.Equal(before, probe.Counter);
        Assert.Equal(before, counter.Graph.Data.GetProperty("testCounter").GetInt32());
    }

    [Fact]
    public async Task The_same_mutation_over_post_does_run()
    {
        var probe = _host.GetService<HttpTestProbe>();
        var before = probe.Counter;

        var response = await _http.PostJsonAsync("""{"query":"mutation { incrementTestCounter }"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(probe.Counter > before);
    }

    [Fact]
    public async Task Operation_name_selects_an_operation_and_unknown_or_missing_names_are_400()
    {
        const string document = "query A { echo(text: \"a\") } query B { echo(text: \"b\") }";

        var chosen = await _http.PostJsonAsync(RawHttp.Json(new { query = document, operationName = "B" }));
        var unknown = await _http.PostJsonAsync(RawHttp.Json(new { query = document, operationName = "C" }));
        var missing = await _http.PostJsonAsync(RawHttp.Json(new { query = document }));

        Assert.Equal(HttpStatusCode.OK, chosen.Status);
        Assert.Equal("b", chosen.Graph.Data.Json("echo"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("'C'", Assert.Single(unknown.ErrorMessages));
        Assert.False(unknown.HasDataEntry);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.False(missing.HasDataEntry);
    }

    [Fact]
    public async Task A_body_over_max_request_bytes_is_413_with_or_without_content_length()
    {
        var padding = new string(' ', MaxRequestBytes + 10);
        var json = """{"query":"{ __typename }""" + padding + "\"}";

        var withLength = await _http.PostJsonAsync(json);
        var chunked = await _http.SendRawAsync(HttpMethod.Post, "/graphql", Chunked(json));
        var justUnder = await _http.PostJsonAsync("""{"query":"{ __typename }""" + new string(' ', MaxRequestBytes - 100) + "\"}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.Status);
        Assert.Equal("PAYLOAD_TOO_LARGE", Assert.Single(withLength.ErrorCodes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.Status);
        Assert.Equal(HttpStatusCode.OK, justUnder.Status);
    }

    [Fact]
    public async Task A_batch_returns_one_result_per_operation_in_order()
    {
        var response = await _http.PostJsonAsync("""
            [
              {"query":"{ echo(text: \"first\") }"},
              {"query":"query($t: String!) { echo(text: $t) }","variables":{"t":"second"}},
              {"query":"{ noSuchField }"}
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var results = response.Root.EnumerateArray().ToArray();
        Assert.Equal(3, results.Length);
        Assert.Equal("first", results[0].Json("data", "echo"));
        Assert.Equal("second", results[1].Json("data", "echo"));
        Assert.True(results[2].TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task A_batch_over_max_batch_size_or_empty_is_400_and_nothing_runs()
    {
        var probe = _host.GetService<HttpTestProbe>();
        var before = probe.Counter;
        var operations = Enumerable.Repeat(new { query = "mutation { incrementTestCounter }" }, MaxBatchSize + 1);

        var tooMany = await _http.PostJsonAsync(RawHttp.Json(operations));
        var empty = await _http.PostJsonAsync("[]");
        var withAHole = await _http.PostJsonAsync("""[{"query":"mutation { incrementTestCounter }"}, {"notquery":"x"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Contains($"1 to {MaxBatchSize}", Assert.Single(tooMany.ErrorMessages));
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal(HttpStatusCode.BadRequest, withAHole.Status);
        Assert.Equal(before, probe.Counter);
    }

    [Fact]
    public async Task A_batch_cannot_be_streamed_as_server_sent_events()
    {
        var response = await _http.PostJsonAsync("""[{"query":"{ __typename }"}]""", "text/event-stream");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/json", response.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_subscription_over_plain_post_is_refused_with_a_pointer_to_streams()
    {
        var modern = await _http.PostJsonAsync("""{"query":"subscription { testEvents(topic: \"plain\") }"}""", token: _adminToken);
        var legacy = await _http.PostJsonAsync("""{"query":"subscription { testEvents(topic: \"plain\") }"}""", "application/json", token: _adminToken);
        var batched = await _http.PostJsonAsync("""[{"query":"subscription { testEvents(topic: \"plain\") }"}]""", token: _adminToken);

        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal("SUBSCRIPTION_NEEDS_STREAM", Assert.Single(modern.ErrorCodes));
        Assert.False(modern.HasDataEntry);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal("SUBSCRIPTION_NEEDS_STREAM", Assert.Single(legacy.ErrorCodes));
        Assert.Equal(HttpStatusCode.OK, batched.Status);
        Assert.Contains("cannot be batched", batched.Root[0].GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Non_ascii_text_round_trips_as_utf8()
    {
        const string text = "Grüße aus Zürich – 東京 – Ελληνικά – 🏃‍♀️🏊";

        var literal = await _http.PostJsonAsync(RawHttp.Json(new { query = $"{{ echo(text: \"{text}\") }}" }));
        var variable = await _http.PostJsonAsync(RawHttp.Json(new { query = "query($t: String!) { echo(text: $t) }", variables = new { t = text } }));
        using var raw = await _http.PostAsync("/graphql", new StringContent(RawHttp.Json(new { query = "query($t: String!) { echo(text: $t) }", variables = new { t = text } }), Encoding.UTF8, "application/json"));
        var bytes = await raw.Content.ReadAsByteArrayAsync();

        Assert.Equal(text, literal.Graph.Data.Json("echo"));
        Assert.Equal(text, variable.Graph.Data.Json("echo"));

        // Valid UTF-8, with letters sent as themselves; JSON may still escape emoji and joiners as \u pairs.
        var decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.Contains("Grüße aus Zürich – 東京 – Ελληνικά", decoded);
    }

    private static HttpContent Chunked(string json)
    {
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent chunked, without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class TransportHostFixture : HttpHostFixture
{
    protected override string Name => "http";

    protected override Dictionary<string, string?> Settings => new()
    {
        ["GraphQL:MaxRequestBytes"] = HttpTransportTests.MaxRequestBytes.ToString(),
        ["GraphQL:MaxBatchSize"] = HttpTransportTests.MaxBatchSize.ToString(),
    };
}
