using System.Text.Json;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Costs.Tests.Support;

namespace ProductDescriber.Costs.Tests;

/// <summary>
/// <c>budgets</c>: admins read every budget, others their own user budget and every product's (products and their
/// costs are visible to every signed-in user), each with what was spent against it this month; a page costs the same
/// few SQL statements however many budgets it holds, and pages follow one another without gaps or repeats;
/// <c>setBudget</c> with a null limit removes one.
/// </summary>
public sealed class BudgetReadTests(CostsHostFixture host) : IClassFixture<CostsHostFixture>
{
    private const string Budgets = "{ budgets(first: 100) { nodes { scope subjectId monthlyLimit currency spentThisMonth } } }";

    [Fact]
    public async Task Each_budget_shows_its_spending_this_month_and_a_member_reads_only_their_own_user_budget_and_products()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var member = await host.Host.CreateUserAsync();
        var other = await host.Host.CreateUserAsync();
        using var client = host.Host.CreateGraphQLClient(member.Token);
        await admin.SetBudgetAsync("USER", member.Id, 1m);
        await admin.SetBudgetAsync("USER", other.Id, 2m);
        await admin.SetBudgetAsync("PRODUCT", productId, 3m);

        // The member pays for one 2K picture, the admin for two: the product's budget counts all three.
        await client.FinishedRequestAsync(await client.StartGenerationAsync(productId, "2K", 1));
        await admin.FinishedRequestAsync(await admin.StartGenerationAsync(productId, "2K", 2));

        var everyone = await ListAsync(admin);
        Assert.Contains(("USER", member.Id, 1m, CostsHostFixture.Per2K), everyone);
        Assert.Contains(("USER", other.Id, 2m, 0m), everyone);
        Assert.Contains(("PRODUCT", productId, 3m, 3 * CostsHostFixture.Per2K), everyone);

        var own = await ListAsync(client);
        Assert.Contains(("USER", member.Id, 1m, CostsHostFixture.Per2K), own);
        Assert.Contains(("PRODUCT", productId, 3m, 3 * CostsHostFixture.Per2K), own);
        Assert.DoesNotContain(own, b => b.SubjectId == other.Id);
        Assert.All(own, b => Assert.True(b.Scope == "PRODUCT" || b.SubjectId == member.Id, b.ToString()));
    }

    [Fact]
    public async Task A_null_limit_removes_a_budget_from_the_list()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.NewProductAsync();
        var set = await admin.SetBudgetAsync("PRODUCT", productId, 5m);
        Assert.Equal(5m, set.GetProperty("budget").GetProperty("monthlyLimit").GetDecimal());
        Assert.Contains(await ListAsync(admin), b => b.SubjectId == productId);

        var removed = await admin.SetBudgetAsync("PRODUCT", productId, null);

        Assert.Equal(JsonValueKind.Null, removed.GetProperty("budget").ValueKind);
        Assert.DoesNotContain(await ListAsync(admin), b => b.SubjectId == productId);
    }

    [Fact]
    public async Task The_list_costs_as_many_statements_for_6_budgets_as_for_1()
    {
        using var admin = await host.AdminAsync();
        var member = await host.Host.CreateUserAsync();
        using var client = host.Host.CreateGraphQLClient(member.Token);
        await admin.SetBudgetAsync("USER", member.Id, 1m);
        var counter = host.Host.GetService<SqlStatementCounter>();
        await ListAsync(client);

        var before = counter.Count;
        var few = await ListAsync(client);
        var forFew = counter.Count - before;
        for (var i = 0; i < 5; i++)
        {
            await admin.SetBudgetAsync("PRODUCT", await admin.NewProductAsync(), 1m + i);
        }

        before = counter.Count;
        var many = await ListAsync(client);
        var forMany = counter.Count - before;

        Assert.True(many.Count >= few.Count + 5, $"{few.Count} then {many.Count}");
        Assert.Equal(forFew, forMany);
    }

    [Fact]
    public async Task Pages_list_users_budgets_first_then_products_each_once_with_their_spending_and_the_total()
    {
        using var admin = await host.AdminAsync();
        var member = await host.Host.CreateUserAsync();
        await admin.SetBudgetAsync("USER", member.Id, 4m);
        for (var i = 0; i < 3; i++)
        {
            await admin.SetBudgetAsync("PRODUCT", await admin.NewProductAsync(), 1m + i);
        }

        var all = await ListAsync(admin);
        var paged = new List<string>();
        string? after = null;
        int? total = null;
        do
        {
            var page = (await admin.QueryAsync(
                "query($after: String) { budgets(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { scope subjectId spentThisMonth } } }",
                new { after })).GetProperty("budgets");
            total ??= page.GetProperty("totalCount").GetInt32();
            paged.AddRange(page.GetProperty("nodes").EnumerateArray().Select(b => b.Json("scope") + "/" + b.Json("subjectId")));
            Assert.All(page.GetProperty("nodes").EnumerateArray(), b => Assert.Equal(JsonValueKind.Number, b.GetProperty("spentThisMonth").ValueKind));
            var info = page.GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        Assert.Equal(all.Select(b => b.Scope + "/" + b.SubjectId), paged);
        Assert.Equal(all.Count, total);
        Assert.Equal(paged.Count, paged.Distinct().Count());
        var firstProduct = all.FindIndex(b => b.Scope == "PRODUCT");
        Assert.True(firstProduct > 0, "users' budgets come first");
        Assert.All(all.Skip(firstProduct), b => Assert.Equal("PRODUCT", b.Scope));
    }

    private static async Task<List<(string Scope, string SubjectId, decimal MonthlyLimit, decimal Spent)>> ListAsync(GraphQLClient client) =>
        [.. (await client.QueryAsync(Budgets)).GetProperty("budgets").GetProperty("nodes").EnumerateArray()
            .Select(b => (b.Json("scope"), b.Json("subjectId"), b.GetProperty("monthlyLimit").GetDecimal(), b.GetProperty("spentThisMonth").GetDecimal()))];
}
