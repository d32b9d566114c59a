using System.Globalization;
using System.Text.Json;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Costs.Tests.Support;

namespace ProductDescriber.Costs.Tests;

/// <summary>
/// <c>costReport</c> sums the ledger of a period by product, user, provider or day, per currency, with the unpriced
/// calls on a line of their own; admins only. The <c>cost</c> field of a page of products is one statement.
/// </summary>
public sealed class CostReportTests(CostsHostFixture host) : IClassFixture<CostsHostFixture>
{
    private const string Report = "query($from: DateTimeOffset!, $to: DateTimeOffset!, $by: CostGrouping!) { costReport(from: $from, to: $to, groupBy: $by) { key currency amount calls unpricedCalls } }";

    [Fact]
    public async Task The_report_groups_a_periods_calls_by_product_user_provider_and_day()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var from = DateTimeOffset.UtcNow;
        await admin.FinishedRequestAsync(await admin.StartGenerationAsync(productId, "2K", 2));
        await admin.FinishedRequestAsync(await admin.StartGenerationAsync(productId, "4K", 1));
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        var adminId = (await admin.QueryAsync("{ me { id } }")).GetProperty("me").Json("id");
        var day = from.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        foreach (var (grouping, key) in new[] { ("PRODUCT", productId), ("USER", adminId), ("PROVIDER", "offline"), ("DAY", day) })
        {
            var lines = await ReportAsync(admin, from, to, grouping);
            Assert.Equal(
                [(key, "USD", 2 * CostsHostFixture.Per2K, 2, 0), (key, null, 0m, 1, 1)],
                lines.Select(l => (l.Json("key"), l.GetProperty("currency").ValueKind == JsonValueKind.Null ? null : l.Json("currency"), l.GetProperty("amount").GetDecimal(), l.GetProperty("calls").GetInt32(), l.GetProperty("unpricedCalls").GetInt32())));
        }

        Assert.Empty(await ReportAsync(admin, to, to.AddDays(1), "PROVIDER"));
    }

    [Fact]
    public async Task Members_are_refused_the_report()
    {
        var member = await host.Host.CreateUserAsync();
        using var client = host.Host.CreateGraphQLClient(member.Token);

        var response = await client.PostAsync(Report, new { from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow, by = "PROVIDER" });

        Assert.Contains("FORBIDDEN", response.ErrorCodes);
        Assert.False(response.HasData && response.Data.TryGetProperty("costReport", out var report) && report.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task The_cost_of_a_page_of_products_costs_as_many_statements_for_6_products_as_for_2()
    {
        const string Products = "query($first: Int!) { products(first: $first) { nodes { id cost { calls amounts { amount } } } } }";
        using var admin = await host.AdminAsync();
        for (var i = 0; i < 6; i++)
        {
            await admin.NewProductAsync();
        }

        var counter = host.Host.GetService<SqlStatementCounter>();
        await admin.QueryAsync(Products, new { first = 2 });

        var before = counter.Count;
        var small = (await admin.QueryAsync(Products, new { first = 2 })).GetProperty("products").GetProperty("nodes").GetArrayLength();
        var forSmall = counter.Count - before;
        before = counter.Count;
        var large = (await admin.QueryAsync(Products, new { first = 6 })).GetProperty("products").GetProperty("nodes").GetArrayLength();
        var forLarge = counter.Count - before;

        Assert.Equal((2, 6), (small, large));
        Assert.Equal(forSmall, forLarge);
    }

    private static async Task<List<JsonElement>> ReportAsync(GraphQLClient client, DateTimeOffset from, DateTimeOffset to, string grouping) =>
        [.. (await client.QueryAsync(Report, new { from, to, by = grouping })).GetProperty("costReport").EnumerateArray()];
}
