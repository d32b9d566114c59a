using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>A client repeating analyzeProduct cannot queue paid analyses without end: unfinished runs per product are capped.</summary>
public sealed class AnalysisQuotaTests(AnalysisQuotaTests.OneAtATime fixture) : IClassFixture<AnalysisQuotaTests.OneAtATime>
{
    [Fact]
    public async Task Requests_beyond_the_cap_are_refused_and_store_no_run()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();

        var payloads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.AnalyzeAsync(new { productId })));

        var accepted = payloads.Where(p => p.Errors().Length == 0).ToList();
        var refused = payloads.Where(p => p.Errors().Length > 0).ToList();
        Assert.NotEmpty(accepted);
        Assert.NotEmpty(refused);
        Assert.All(refused, p => Assert.Equal("CONFLICT", Assert.Single(p.Errors()).Json("code")));
        var runs = await admin.QueryAsync("query($id: ID!) { product(id: $id) { analysisRuns { totalCount } } }", new { id = productId });
        Assert.Equal(accepted.Count, runs.GetProperty("product").GetProperty("analysisRuns").GetProperty("totalCount").GetInt32());
    }

    public sealed class OneAtATime : SpecsHostFixture
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Specs:MaxUnfinishedRunsPerProduct"] = "1" };
    }
}
