using System.Text.Json;
using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>
/// The whole flow as the web frontend runs it, over real HTTP and WebSocket with the Offline provider: photos,
/// analysis watched live, the active specification, an edit, the diff, re-activation of v1.
/// </summary>
public sealed class AnalysisFlowTests(SpecsHostFixture fixture) : IClassFixture<SpecsHostFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Photos_analysed_watched_edited_compared_and_v1_reactivated()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();

        var started = await admin.AnalyzeAsync(new { productId });
        Assert.Empty(started.GetProperty("errors").EnumerateArray());
        var run = started.GetProperty("run");
        Assert.Equal("PENDING", run.Json("status"));
        Assert.Equal("offline", run.Json("provider"));

        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("run", SpecsApi.RunSubscription, new { id = run.Json("id") });
        var states = await socket.ReadUntilCompleteAsync("run", RunTimeout);
        var runs = states.Select(s => s.GetProperty("data").GetProperty("analysisRunChanged")).ToList();
        var statuses = runs.Select(r => r.Json("status")).ToList();
        var seen = string.Join(", ", runs.Select(r => r.GetRawText()));
        Assert.Equal("SUCCEEDED", statuses[^1]);

        // Each message is a change: RUNNING may come twice, before and after the attempt is counted.
        var changes = runs.Select(r => (r.Json("status"), r.GetProperty("attempts").GetInt32())).ToList();
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First != p.Second), "A state was sent twice: " + seen);
        Assert.True(IsInOrder(statuses, ["PENDING", "RUNNING", "SUCCEEDED"]), seen);

        var v1 = await admin.ActiveSpecificationAsync(productId) ?? throw new Xunit.Sdk.XunitException("No active specification after the analysis.");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.True(v1.GetProperty("isActive").GetBoolean());
        Assert.Equal("product-analysis", v1.Json("templateName"));
        Assert.Equal("ANALYSIS", v1.Json("source"));
        Assert.Matches("^#[0-9A-Fa-f]{6}$", v1.GetProperty("primaryColors").GetProperty("primary").Json("hex"));
        Assert.DoesNotContain(v1.GetProperty("validationIssues").EnumerateArray(), i => i.Json("severity") == "ERROR");

        var slug = (await admin.QueryAsync("query($id: ID!) { product(id: $id) { slug } }", new { id = productId })).GetProperty("product").Json("slug");
        // The copy in storage is written right after the commit that made the version.
        await Eventually.TrueAsync(() => fixture.FileExists($"{slug}/specs/v1.yaml"), "the YAML copy of v1");
        Assert.Equal(v1.Json("yamlContent"), fixture.ReadFile($"{slug}/specs/v1.yaml"));

        var edited = v1.Json("yamlContent").Replace("product_name: null", "product_name: Stasher half gallon bag", StringComparison.Ordinal);
        Assert.NotEqual(v1.Json("yamlContent"), edited);
        var update = await admin.UpdateAsync(v1.Json("id"), edited, "Named the product");
        Assert.Empty(update.GetProperty("errors").EnumerateArray());
        var v2 = update.GetProperty("specification");
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal(1, v2.GetProperty("basedOnVersion").GetInt32());
        Assert.Equal("EDIT", v2.Json("source"));
        Assert.True(fixture.FileExists($"{slug}/specs/v2.yaml"));

        var diff = (await admin.QueryAsync(
            "query($id: ID!) { node(id: $id) { ... on Specification { diff(againstVersion: 1) { path before after kind } } } }",
            new { id = v2.Json("id") })).GetProperty("node").GetProperty("diff");
        var change = Assert.Single(diff.EnumerateArray());
        Assert.Equal("metadata.product_name", change.Json("path"));
        Assert.Equal("CHANGED", change.Json("kind"));
        Assert.Contains("Stasher half gallon bag", change.Json("after"), StringComparison.Ordinal);

        var reactivated = await admin.ActivateAsync(v1.Json("id"));
        Assert.Empty(reactivated.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, (await admin.ActiveSpecificationAsync(productId))!.Value.GetProperty("version").GetInt32());
        var versions = await admin.VersionsAsync(productId);
        Assert.Equal(new[] { 2, 1 }, versions);
        var v2Now = (await admin.QueryAsync("query($id: ID!) { node(id: $id) { ... on Specification { isActive } } }", new { id = v2.Json("id") })).GetProperty("node");
        Assert.False(v2Now.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task A_subscriber_arriving_after_the_end_gets_the_final_state_at_once_and_completion()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var runId = await admin.StartAnalysisAsync(productId);
        var finished = await admin.FinishedRunAsync(runId);
        Assert.Equal("SUCCEEDED", finished.Json("status"));

        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("late", SpecsApi.RunSubscription, new { id = runId });
        var states = await socket.ReadUntilCompleteAsync("late", TimeSpan.FromSeconds(10));
        var state = Assert.Single(states).GetProperty("data").GetProperty("analysisRunChanged");
        Assert.Equal("SUCCEEDED", state.Json("status"));
        Assert.Equal(1, state.GetProperty("specification").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task The_subscription_needs_a_token_and_a_run_that_exists()
    {
        await using var anonymous = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, token: null);
        await anonymous.SubscribeAsync("a", SpecsApi.RunSubscription, new { id = "QW5hbHlzaXNSdW46MQ==" });
        var refused = await anonymous.ReceiveAsync();
        Assert.Equal("error", refused.Json("type"));
        Assert.Contains("UNAUTHENTICATED", refused.GetRawText(), StringComparison.Ordinal);

        using var admin = await fixture.AdminAsync();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(fixture.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("missing", SpecsApi.RunSubscription, new { id = ProductDescriber.BuildingBlocks.GraphQL.Relay.GlobalId.Encode("AnalysisRun", 987654) });
        var missing = await socket.ReceiveAsync();
        Assert.Contains("NOT_FOUND", missing.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_are_listed_with_their_text()
    {
        using var admin = await fixture.AdminAsync();
        var templates = (await admin.QueryAsync("{ specificationTemplates { name version isDefault sections text } }")).GetProperty("specificationTemplates");
        var template = Assert.Single(templates.EnumerateArray(), t => t.Json("name") == "product-analysis" && t.Json("version") == "1.0");
        Assert.True(template.GetProperty("isDefault").GetBoolean());
        Assert.Equal(
            ["metadata", "dimensions", "geometry", "colors", "materials", "labels", "deformation", "keypoints", "analysis_notes", "uncertainty"],
            template.GetProperty("sections").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Contains("template_version:", template.Json("text"), StringComparison.Ordinal);
    }

    private static bool IsInOrder(List<string> seen, string[] order)
    {
        var positions = seen.Select(s => Array.IndexOf(order, s)).ToList();
        return positions.All(p => p >= 0) && positions.Zip(positions.Skip(1)).All(p => p.First <= p.Second);
    }
}
