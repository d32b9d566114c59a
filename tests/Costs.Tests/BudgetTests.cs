using System.Text.Json;
using ProductDescriber.Costs.Tests.Support;

namespace ProductDescriber.Costs.Tests;

/// <summary>
/// Monthly budgets per user and per product: a request that would take one past its limit (spent this month +
/// unfinished work + the request's worst case) is refused with a BudgetExceededError naming it, stores nothing and
/// pays for nothing; concurrent submits around the limit cannot all pass.
/// </summary>
public sealed class BudgetTests(CostsHostFixture host) : IClassFixture<CostsHostFixture>
{
    [Fact]
    public async Task A_generation_over_a_users_budget_is_refused_naming_the_budget_and_stores_nothing()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var member = await host.Host.CreateUserAsync();
        using var client = host.Host.CreateGraphQLClient(member.Token);
        await admin.SetBudgetAsync("USER", member.Id, 0.10m);
        await client.FinishedRequestAsync(await client.StartGenerationAsync(productId, "2K", 1));
        var requests = await host.Host.CountAsync("SELECT count(*) FROM generation.generation_requests");

        var refused = await client.GenerateAsync(productId, "2K", 2);

        Assert.Equal(JsonValueKind.Null, refused.GetProperty("request").ValueKind);
        var error = Assert.Single(refused.GetProperty("errors").EnumerateArray());
        Assert.Equal(("BudgetExceededError", "BUDGET_EXCEEDED", "USER", member.Id, "USD"), (error.Json("__typename"), error.Json("code"), error.Json("scope"), error.Json("subjectId"), error.Json("currency")));
        Assert.Equal((0.10m, CostsHostFixture.Per2K, 0m, 2 * CostsHostFixture.Per2K), (Dec(error, "limit"), Dec(error, "spent"), Dec(error, "pending"), Dec(error, "estimate")));
        Assert.Equal(requests, await host.Host.CountAsync("SELECT count(*) FROM generation.generation_requests"));

        // What fits is accepted: 0.04 spent + 0.04 is within 0.10; another admin's request on the product is not the user's.
        var fits = await client.GenerateAsync(productId, "2K", 1);
        Assert.Equal(0, fits.GetProperty("errors").GetArrayLength());
        await client.FinishedRequestAsync(fits.GetProperty("request").Json("id"));
        Assert.Equal(0, (await admin.GenerateAsync(productId, "2K", 2)).GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task An_analysis_over_a_products_budget_is_refused_before_any_call()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.NewProductAsync();
        await admin.UploadOkAsync(productId, CatalogApi.Photo(1));
        await admin.SetBudgetAsync("PRODUCT", productId, 0.01m); // an analysis's estimate: 20,000 x 1.25 + 4,000 x 10 per million = 0.065
        var calls = host.OpenAI.Requests.Count;
        var runs = await host.Host.CountAsync("SELECT count(*) FROM specs.analysis_runs");

        var payload = (await admin.QueryAsync(
            $"mutation($i: AnalyzeProductInput!) {{ analyzeProduct(input: $i) {{ run {{ id }} {CostsApi.ErrorFields} }} }}",
            new { i = new { productId, provider = "openai" } })).GetProperty("analyzeProduct");

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal(("BUDGET_EXCEEDED", "PRODUCT", productId), (error.Json("code"), error.Json("scope"), error.Json("subjectId")));
        Assert.Equal(0.065m, Dec(error, "estimate"));
        Assert.Equal(runs, await host.Host.CountAsync("SELECT count(*) FROM specs.analysis_runs"));
        Assert.Equal(calls, host.OpenAI.Requests.Count);

        // Removing the budget lets it through.
        await admin.SetBudgetAsync("PRODUCT", productId, null);
        await admin.FinishedRunAsync(await admin.AnalyzeAsync(productId, "openai"));
    }

    [Fact]
    public async Task Concurrent_submits_around_a_products_limit_do_not_all_pass()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        await admin.SetBudgetAsync("PRODUCT", productId, 2 * CostsHostFixture.Per2K);

        var payloads = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => admin.GenerateAsync(productId, "2K", 1, $"Attempt {i}")));

        var accepted = payloads.Where(p => p.GetProperty("errors").GetArrayLength() == 0).ToList();
        var refused = payloads.Where(p => p.GetProperty("errors").GetArrayLength() > 0).ToList();
        Assert.Equal((2, 3), (accepted.Count, refused.Count));
        Assert.All(refused, p => Assert.Equal("BUDGET_EXCEEDED", Assert.Single(p.GetProperty("errors").EnumerateArray()).Json("code")));
        foreach (var payload in accepted)
        {
            await admin.FinishedRequestAsync(payload.GetProperty("request").Json("id"));
        }

        var product = (await admin.QueryAsync($"query($id: ID!) {{ product(id: $id) {{ {CostsApi.CostFields} }} }}", new { id = productId })).GetProperty("product");
        Assert.Equal(2 * CostsHostFixture.Per2K, product.Usd());
    }

    [Fact]
    public async Task Only_admins_set_budgets()
    {
        var member = await host.Host.CreateUserAsync();
        using var client = host.Host.CreateGraphQLClient(member.Token);

        var response = await client.PostAsync(
            "mutation($i: SetBudgetInput!) { setBudget(input: $i) { budget { scope } errors { code } } }",
            new { i = new { scope = "USER", id = member.Id, monthlyLimit = 1000m } });

        Assert.Contains("FORBIDDEN", response.ErrorCodes);
    }

    private static decimal Dec(JsonElement element, string name) => element.GetProperty(name).GetDecimal();
}
