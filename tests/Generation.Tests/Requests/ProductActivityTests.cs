using System.Text.Json;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Requests;

/// <summary><c>productActivity</c>: what a product page follows, its analyses and generations, state first.</summary>
public sealed class ProductActivityTests(GenerationHostFixture fixture) : IClassFixture<GenerationHostFixture>
{
    private const string Subscription = "subscription($id: ID!) { productActivity(productId: $id) { kind id status imagesDone imagesRequested } }";

    [Fact]
    public async Task Analyses_and_generations_of_the_product_are_reported_as_they_change()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var other = await admin.AnalysedProductAsync("Someone else's page");

        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("p", Subscription, new { id = productId });
        var requestId = await admin.StartGenerationAsync(new { productId, prompt = "On a picnic blanket.", count = 2 });
        await admin.StartGenerationAsync(new { productId = other, prompt = "Elsewhere." });

        var seen = new List<JsonElement>();
        while (!seen.Any(e => e.Json("id") == requestId && e.Json("status") == "SUCCEEDED"))
        {
            seen.Add((await socket.ReceiveNextAsync("p", TimeSpan.FromSeconds(60))).GetProperty("data").GetProperty("productActivity"));
        }

        Assert.All(seen, e => Assert.Equal(requestId, e.Json("id")));
        Assert.Equal("GENERATION", seen[0].Json("kind"));
        var done = seen.Select(e => e.GetProperty("imagesDone").GetInt32()).ToList();
        Assert.Equal(done.Order(), done);
        Assert.Equal(2, seen[^1].GetProperty("imagesRequested").GetInt32());
        Assert.Equal(2, done[^1]);
    }

    [Fact]
    public async Task Work_unfinished_when_the_page_opens_is_sent_at_once()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var started = await admin.QueryAsync("mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id } } }", new { i = new { productId } });
        var runId = started.GetProperty("analyzeProduct").GetProperty("run").Json("id");

        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("p", Subscription, new { id = productId });

        // Unfinished when subscribing, or finished already: either way the run is reported, ending SUCCEEDED.
        var seen = new List<JsonElement>();
        while (!seen.Any(e => e.Json("status") == "SUCCEEDED"))
        {
            seen.Add((await socket.ReceiveNextAsync("p", TimeSpan.FromSeconds(60))).GetProperty("data").GetProperty("productActivity"));
        }

        Assert.All(seen, e => Assert.Equal(("ANALYSIS", runId), (e.Json("kind"), e.Json("id"))));
    }

    [Fact]
    public async Task Subscribers_of_one_product_share_its_reads_but_each_gets_only_what_is_activity_since_it_came()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        await using var early = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await early.SubscribeAsync("p", Subscription, new { id = productId });
        var first = await admin.StartGenerationAsync(new { productId, prompt = "Before the second page opened." });
        var earlySeen = await UntilSucceededAsync(early, first);

        // Joins the product's running read loop, whose last snapshot still holds the first request (finished).
        await using var late = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await late.SubscribeAsync("p", Subscription, new { id = productId });
        var second = await admin.StartGenerationAsync(new { productId, prompt = "After it opened." });
        var lateSeen = await UntilSucceededAsync(late, second);
        earlySeen.AddRange(await UntilSucceededAsync(early, second));

        Assert.All(lateSeen, e => Assert.Equal(second, e.Json("id")));
        Assert.Contains(earlySeen, e => e.Json("id") == first);
        Assert.Contains(earlySeen, e => e.Json("id") == second);
    }

    private static async Task<List<JsonElement>> UntilSucceededAsync(GraphQLWsTestClient socket, string requestId)
    {
        var seen = new List<JsonElement>();
        while (!seen.Any(e => e.Json("id") == requestId && e.Json("status") == "SUCCEEDED"))
        {
            seen.Add((await socket.ReceiveNextAsync("p", TimeSpan.FromSeconds(60))).GetProperty("data").GetProperty("productActivity"));
        }

        return seen;
    }
}
