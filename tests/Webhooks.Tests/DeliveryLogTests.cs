using System.Text.Json;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Webhooks.Tests.Support;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>
/// <c>WebhookEndpoint.deliveries</c> is a Relay connection: newest first, paged both ways by cursor, counted, filtered
/// by status; the logs of many endpoints cost the statements of one.
/// </summary>
public sealed class DeliveryLogTests(WebhooksHostFixture fixture) : IClassFixture<WebhooksHostFixture>
{
    private const string Page = """
        query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $status: [WebhookDeliveryStatus!]) {
          node(id: $id) { ... on WebhookEndpoint {
            deliveries(first: $first, after: $after, last: $last, before: $before, status: $status) {
              totalCount nodes { subjectId status } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }
        """;

    [Fact]
    public async Task The_log_pages_newest_first_in_both_directions_with_its_total_and_filters_by_status()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        var endpoint = await admin.RegisterAsync(fixture.Receiver.Url("log"), product);
        var subjects = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            subjects.Add(await fixture.Host.RaiseAsync(product));
        }

        await Eventually.AssertAsync(async () => Assert.Equal(5, (await PageAsync(admin, endpoint.EndpointId, new { status = new[] { "SUCCEEDED" } })).Total));
        string[] newest = [.. Enumerable.Reverse(subjects)];

        var first = await PageAsync(admin, endpoint.EndpointId, new { first = 2 });
        Assert.Equal(newest[..2], first.Subjects);
        Assert.Equal((5, true, false), (first.Total, first.HasNext, first.HasPrevious));
        var second = await PageAsync(admin, endpoint.EndpointId, new { first = 2, after = first.EndCursor });
        Assert.Equal(newest[2..4], second.Subjects);
        Assert.Equal((true, true), (second.HasNext, second.HasPrevious));
        var third = await PageAsync(admin, endpoint.EndpointId, new { first = 2, after = second.EndCursor });
        Assert.Equal(newest[4..], third.Subjects);
        Assert.False(third.HasNext);

        var oldest = await PageAsync(admin, endpoint.EndpointId, new { last = 2 });
        Assert.Equal(newest[3..], oldest.Subjects);
        Assert.True(oldest.HasPrevious);
        var back = await PageAsync(admin, endpoint.EndpointId, new { last = 2, before = third.StartCursor });
        Assert.Equal(newest[2..4], back.Subjects);

        // A receiver that now fails leaves the next delivery PENDING (retrying): the filter tells them apart.
        fixture.Receiver.Script("log", (_, context) =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var failing = await fixture.Host.RaiseAsync(product);
        var pending = await PageAsync(admin, endpoint.EndpointId, new { status = new[] { "PENDING" } });
        Assert.Equal([failing], pending.Subjects);
        Assert.Equal(1, pending.Total);
        var succeeded = await PageAsync(admin, endpoint.EndpointId, new { status = new[] { "SUCCEEDED", "FAILED" } });
        Assert.Equal(newest, succeeded.Subjects);
        Assert.Equal(5, succeeded.Total);
        Assert.Equal(6, (await PageAsync(admin, endpoint.EndpointId, new { })).Total);
    }

    [Fact]
    public async Task The_logs_of_five_endpoints_cost_as_many_statements_as_those_of_two()
    {
        const string Logs = "{ webhookEndpoints { id deliveries(first: 3) { totalCount nodes { subjectId status attempts { number } } } } }";
        var member = await fixture.Host.CreateUserAsync();
        using var client = fixture.Host.CreateGraphQLClient(member.Token);
        using var admin = await fixture.AdminAsync();
        var product = await admin.NewProductAsync();
        for (var i = 0; i < 2; i++)
        {
            await client.RegisterAsync(fixture.Receiver.Url($"many{i}"), product);
        }

        await fixture.Host.RaiseAsync(product);
        var counter = fixture.Host.GetService<SqlStatementCounter>();
        await client.QueryAsync(Logs);

        var before = counter.Count;
        var two = await client.QueryAsync(Logs);
        var forTwo = counter.Count - before;
        for (var i = 2; i < 5; i++)
        {
            await client.RegisterAsync(fixture.Receiver.Url($"many{i}"), product);
        }

        await fixture.Host.RaiseAsync(product);
        before = counter.Count;
        var five = await client.QueryAsync(Logs);
        var forFive = counter.Count - before;

        Assert.Equal(2, two.GetProperty("webhookEndpoints").GetArrayLength());
        var endpoints = five.GetProperty("webhookEndpoints").EnumerateArray().ToList();
        Assert.Equal(5, endpoints.Count);
        Assert.Equal([2, 2, 1, 1, 1], endpoints.Select(e => e.GetProperty("deliveries").GetProperty("totalCount").GetInt32()).Order().Reverse());
        Assert.Equal(forTwo, forFive);
    }

    private static async Task<LogPage> PageAsync(GraphQLClient client, string endpointId, object variables)
    {
        var arguments = JsonSerializer.SerializeToElement(variables).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        arguments["id"] = endpointId;
        var connection = (await client.QueryAsync(Page, arguments)).GetProperty("node").GetProperty("deliveries");
        var info = connection.GetProperty("pageInfo");
        return new LogPage(
            [.. connection.GetProperty("nodes").EnumerateArray().Select(n => n.Json("subjectId"))],
            connection.GetProperty("totalCount").GetInt32(),
            info.GetProperty("hasNextPage").GetBoolean(),
            info.GetProperty("hasPreviousPage").GetBoolean(),
            info.GetProperty("startCursor").GetString(),
            info.GetProperty("endCursor").GetString());
    }

    private sealed record LogPage(List<string> Subjects, int Total, bool HasNext, bool HasPrevious, string? StartCursor, string? EndCursor);
}
