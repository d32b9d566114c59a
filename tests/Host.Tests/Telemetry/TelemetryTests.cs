using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ProductDescriber.Host.Tests.Http;
using ProductDescriber.Host.Tests.WebSockets;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryHostFixture fixture) : IClassFixture<TelemetryHostFixture>
{
    private const string OperationsMetric = "productdescriber.graphql.operations";
    private const string DurationMetric = "productdescriber.graphql.operation.duration";

    private readonly TestHost _host = fixture.Host;
    private readonly CapturedTelemetry _telemetry = fixture.Telemetry;

    [Fact]
    public async Task A_query_is_a_server_span_holding_an_operation_span_holding_its_SQL()
    {
        var (trace, response) = await PostTracedAsync("query WhoAmI { me { username } }", token: fixture.AdminToken);
        Assert.Empty(response.Errors);

        var server = await _telemetry.WaitForSpanAsync(s => s.TraceId == trace && s.Source.Name == "Microsoft.AspNetCore", "the HTTP request");
        Assert.Equal(ActivityKind.Server, server.Kind);

        var operation = Assert.Single(_telemetry.SpansOf(trace), s => s.Source.Name == AppTelemetry.Name);
        Assert.Equal(server.SpanId, operation.ParentSpanId);
        Assert.Equal("query WhoAmI", operation.DisplayName);
        Assert.Equal("WhoAmI", operation.GetTagItem("graphql.operation.name"));
        Assert.Equal("query", operation.GetTagItem("graphql.operation.type"));
        Assert.Equal("ok", operation.GetTagItem("outcome"));
        Assert.Equal("http", operation.GetTagItem("transport"));
        Assert.Equal(ActivityStatusCode.Unset, operation.Status);

        // Authentication may read the database before GraphQL runs; everything else is the operation's.
        var sql = _telemetry.SpansOf(trace).Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(sql, s => s.ParentSpanId == operation.SpanId);
        Assert.All(sql, s => Assert.Contains(s.ParentSpanId, new[] { operation.SpanId, server.SpanId }));
    }

    [Fact]
    public async Task A_refused_operation_and_a_failing_one_are_errors_tagged_with_a_code()
    {
        var (refusedTrace, refused) = await PostTracedAsync("query Anonymous { me { username } }");
        Assert.Equal("UNAUTHENTICATED", Assert.Single(refused.ErrorCodes));
        var (failedTrace, failed) = await PostTracedAsync("query Broken { failingTestField }");
        Assert.NotEmpty(failed.Errors);

        var refusedSpan = Assert.Single(_telemetry.SpansOf(refusedTrace), s => s.Source.Name == AppTelemetry.Name);
        Assert.Equal(ActivityStatusCode.Error, refusedSpan.Status);
        Assert.Equal("refused", refusedSpan.GetTagItem("outcome"));
        Assert.Equal("UNAUTHENTICATED", refusedSpan.GetTagItem("error.type"));
        Assert.Equal("query Anonymous", refusedSpan.DisplayName);

        var failedSpan = Assert.Single(_telemetry.SpansOf(failedTrace), s => s.Source.Name == AppTelemetry.Name);
        Assert.Equal(ActivityStatusCode.Error, failedSpan.Status);
        Assert.Equal("error", failedSpan.GetTagItem("outcome"));
        Assert.Equal(failed.ErrorCodes[0], failedSpan.GetTagItem("error.type"));
        Assert.Null(failedSpan.StatusDescription);
    }

    [Fact]
    public async Task Variables_literal_values_and_error_messages_never_reach_a_span()
    {
        var password = $"Password-in-a-variable-{Guid.NewGuid():N}";
        var literal = $"password-as-a-literal-{Guid.NewGuid():N}";
        var echoed = $"echoed-through-get-{Guid.NewGuid():N}";
        var mistyped = $"not-a-number-{Guid.NewGuid():N}";
        const string Login = "mutation Login($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken } }";

        var traces = new List<ActivityTraceId>
        {
            (await PostTracedAsync(Login, new { u = "nobody", p = password })).Trace,
            (await PostTracedAsync($"mutation {{ login(input: {{username: \"nobody\", password: \"{literal}\"}}) {{ accessToken }} }}")).Trace,
            (await PostTracedAsync("query Mistyped($n: Int) { testCounter }", new { n = mistyped })).Trace,
            (await PostTracedAsync("query Broken { failingTestField }")).Trace,
            await GetTracedAsync("query Echo($t: String!) { echo(text: $t) }", new { t = echoed }),
        };
        foreach (var trace in traces)
        {
            await _telemetry.WaitForSpanAsync(s => s.TraceId == trace && s.Source.Name == "Microsoft.AspNetCore", "a request");
        }

        var recorded = string.Join('\n', _telemetry.SpansOf(traces[0]).Concat(traces.Skip(1).SelectMany(_telemetry.SpansOf)).Select(Describe));
        Assert.Contains("mutation Login", recorded);
        Assert.Contains("query Echo", recorded);
        foreach (var secret in new[] { password, literal, echoed, mistyped, HttpTestFields.Secret, "hunter2" })
        {
            Assert.DoesNotContain(secret, recorded);
        }

        var everything = string.Join('\n', _telemetry.Spans.Select(Describe));
        Assert.Contains("db.query.text", everything);
        Assert.DoesNotContain(fixture.DatabasePassword, everything);
        Assert.DoesNotContain(TelemetryHostFixture.GeminiKey, everything);
    }

    [Fact]
    public async Task Operations_are_counted_and_timed_by_type_transport_and_outcome()
    {
        (string, string)[] okQueries = [("outcome", "ok"), ("transport", "http"), ("graphql.operation.type", "query")];
        (string, string)[] refusedQueries = [("outcome", "refused"), ("transport", "http"), ("graphql.operation.type", "query")];
        (string, string)[] failedMutations = [("outcome", "error"), ("transport", "http"), ("graphql.operation.type", "mutation")];
        var before = ReadAll();

        using var anonymous = _host.CreateGraphQLClient();
        using var admin = _host.CreateGraphQLClient(fixture.AdminToken);
        await admin.QueryAsync("query One { me { username } }");
        await admin.QueryAsync("query Two { me { username } }");
        await anonymous.PostAsync("query Refused { me { username } }");
        var oversize = await admin.PostAsync(TestEvents.Publish, new { topic = TestEvents.NewTopic(), message = new string('x', 8000) });
        Assert.NotEmpty(oversize.Errors);

        var after = ReadAll();
        Assert.Equal((2, 2), (after.Ok.Count - before.Ok.Count, after.Ok.Timed - before.Ok.Timed));
        Assert.Equal((1, 1), (after.Refused.Count - before.Refused.Count, after.Refused.Timed - before.Refused.Timed));
        Assert.Equal((1, 1), (after.Failed.Count - before.Failed.Count, after.Failed.Timed - before.Failed.Timed));

        ((long Count, long Timed) Ok, (long Count, long Timed) Refused, (long Count, long Timed) Failed) ReadAll() => (
            (_telemetry.Read(_host, OperationsMetric, okQueries), _telemetry.Read(_host, DurationMetric, okQueries)),
            (_telemetry.Read(_host, OperationsMetric, refusedQueries), _telemetry.Read(_host, DurationMetric, refusedQueries)),
            (_telemetry.Read(_host, OperationsMetric, failedMutations), _telemetry.Read(_host, DurationMetric, failedMutations)));
    }

    [Fact]
    public async Task An_event_handed_to_a_subscriber_counts_as_delivered_and_an_oversize_one_as_dropped()
    {
        using var admin = _host.CreateGraphQLClient(fixture.AdminToken);
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(_host.WebSocketUrl, fixture.AdminToken);
        await socket.SubscribeToTestEventsAsync("1", topic);
        await socket.PublishUntilReceivedAsync("1", admin, topic);
        var delivered = _telemetry.Read(_host, "productdescriber.events.delivered");
        var oversize = _telemetry.Read(_host, "productdescriber.events.dropped", ("reason", "oversize"));

        await admin.PublishAsync(topic, "the event");
        Assert.Equal("the event", await socket.ReceiveEventAsync("1"));
        await admin.PostAsync(TestEvents.Publish, new { topic, message = new string('x', 8000) });

        Assert.Equal(1, _telemetry.Read(_host, "productdescriber.events.delivered") - delivered);
        Assert.Equal(1, _telemetry.Read(_host, "productdescriber.events.dropped", ("reason", "oversize")) - oversize);
    }

    [Fact]
    public async Task A_WebSocket_operation_is_a_trace_of_its_own_linked_to_the_socket_and_counted()
    {
        (string, string)[] subscriptions = [("outcome", "ok"), ("transport", "websocket"), ("graphql.operation.type", "subscription")];
        var before = _telemetry.Read(_host, OperationsMetric, subscriptions);
        var name = $"Watch{Guid.NewGuid():N}";

        var socket = await GraphQLWsTestClient.ConnectAndInitAsync(_host.WebSocketUrl, fixture.AdminToken);
        await using (socket)
        {
            await socket.SubscribeAsync("1", $"subscription {name}($topic: String!) {{ testEvents(topic: $topic) }}", new { topic = TestEvents.NewTopic() });
            await socket.RoundTripAsync();
        }

        var operation = await _telemetry.WaitForSpanAsync(s => s.DisplayName == $"subscription {name}", "the subscription");
        Assert.Equal(default, operation.ParentSpanId);
        Assert.Equal(ActivityKind.Server, operation.Kind);
        Assert.Equal("websocket", operation.GetTagItem("transport"));
        var link = Assert.Single(operation.Links);
        var connection = await _telemetry.WaitForSpanAsync(s => s.SpanId == link.Context.SpanId, "the WebSocket request");
        Assert.Equal("Microsoft.AspNetCore", connection.Source.Name);
        Assert.NotEqual(connection.TraceId, operation.TraceId);
        Assert.Equal(1, _telemetry.Read(_host, OperationsMetric, subscriptions) - before);
    }

    [Fact]
    public async Task A_call_to_an_AI_provider_is_a_client_span_without_its_key()
    {
        var vision = _host.GetService<IAiProviderRegistry>().Choose(AiCapabilities.Vision, "gemini").Provider?.Vision;
        Assert.NotNull(vision);
        using var parent = StartTestSpan();

        var history = new ChatHistory();
        history.AddUserMessage("Describe the product.");
        await Assert.ThrowsAsync<AiProviderException>(() => vision.GetChatMessageContentsAsync(history));
        parent.Stop();

        var call = Assert.Single(_telemetry.SpansOf(parent.TraceId), s => s.Source.Name == "System.Net.Http");
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(parent.SpanId, call.ParentSpanId);
        Assert.Equal(fixture.Gemini.BaseUrl.Port, call.GetTagItem("server.port"));
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Single(fixture.Gemini.Requests);
        Assert.DoesNotContain(TelemetryHostFixture.GeminiKey, Describe(call));
    }

    private async Task<(ActivityTraceId Trace, GraphQLResponse Response)> PostTracedAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        return await SendTracedAsync(request, token);
    }

    private async Task<ActivityTraceId> GetTracedAsync(string query, object variables)
    {
        var url = $"/graphql?query={Uri.EscapeDataString(query)}&variables={Uri.EscapeDataString(JsonSerializer.Serialize(variables))}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("GraphQL-Preflight", "1");
        var (trace, response) = await SendTracedAsync(request, token: null);
        Assert.Empty(response.Errors);
        return trace;
    }

    /// <summary>
    /// Sends as a traced client would: the request goes out inside a sampled span of the test's own, whose trace the
    /// HTTP client propagates (traceparent) and the server continues, so the test finds its spans by trace id.
    /// </summary>
    private async Task<(ActivityTraceId Trace, GraphQLResponse Response)> SendTracedAsync(HttpRequestMessage request, string? token)
    {
        request.Headers.Accept.ParseAdd(GraphQLClient.ResponseMediaType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var http = _host.CreateClient();
        using var client = StartTestSpan();
        using var response = await http.SendAsync(request);
        return (client.TraceId, await GraphQLResponse.ReadAsync(response));
    }

    private static Activity StartTestSpan() =>
        new Activity("test").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();

    /// <summary>Everything a span carries that an exporter would send.</summary>
    private static string Describe(Activity span) => string.Join(
        '|',
        [
            span.DisplayName, span.OperationName, span.StatusDescription ?? "",
            .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
            .. span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}").Append(e.Name)),
            .. span.Baggage.Select(b => $"{b.Key}={b.Value}"),
        ]);
}
