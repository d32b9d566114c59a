using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Specs.Tests.Support;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Specs.Tests;

/// <summary>No N+1: a page of products with their active specification costs the same statements for 5 rows as for 100.</summary>
public sealed class SqlStatementCountTests(SqlStatementCountTests.AnalysedCatalogue catalogue) : IClassFixture<SqlStatementCountTests.AnalysedCatalogue>
{
    private const string Page = """
        query($first: Int!) {
          products(first: $first) {
            nodes {
              name primaryImage { url }
              activeSpecification {
                version materialType confidenceOverall
                primaryDimensions { width height depth unit }
                primaryColors { primary { hex name coverage } secondary { hex } accent { hex } }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task A_page_of_100_products_with_active_specifications_costs_as_many_statements_as_a_page_of_5()
    {
        using var client = await catalogue.Host.AdminAsync();
        var counter = catalogue.Host.GetService<SqlStatementCounter>();
        await client.QueryAsync(Page, new { first = 5 });

        var (small, forSmall) = await CountAsync(client, counter, 5);
        var (large, forLarge) = await CountAsync(client, counter, 100);

        Assert.Equal(5, small);
        Assert.Equal(100, large);
        Assert.Equal(forSmall, forLarge);

        // The page with its primary images (one statement, Catalog's ListProducts), the active specifications; the
        // caller's session is cached (docs/adr/0038).
        Assert.Equal(2, forLarge);
    }

    [Fact]
    public async Task The_yaml_of_a_page_of_versions_is_one_more_statement_whatever_the_page_size()
    {
        const string WithYaml = """
            query($first: Int!) { products(first: $first) { nodes { activeSpecification { version yamlContent validationIssues { path } fieldConfidences { path } } } } }
            """;
        using var client = await catalogue.Host.AdminAsync();
        var counter = catalogue.Host.GetService<SqlStatementCounter>();
        await client.QueryAsync(WithYaml, new { first = 5 });

        var (_, forSmall) = await CountAsync(client, counter, 5, WithYaml);
        var (_, forLarge) = await CountAsync(client, counter, 100, WithYaml);

        Assert.Equal(forSmall, forLarge);

        // The page, active specifications (summaries), their YAML and other large columns (the session is cached).
        Assert.Equal(3, forLarge);
    }

    [Fact]
    public async Task Statements_of_background_work_are_left_out_of_the_count_and_all_others_are_counted()
    {
        var counter = catalogue.Host.GetService<SqlStatementCounter>();
        var sweepSource = catalogue.Host.GetService<IEnumerable<IUnfinishedWorkSource>>().Single(s => s.Kind == "specs.analysis");

        var before = counter.Count;
        using (SqlStatementCounter.Uncounted())
        {
            await sweepSource.ListUnfinishedAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        }

        Assert.Equal(before, counter.Count);
        await sweepSource.ListUnfinishedAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(before + 1, counter.Count);

        using var client = await catalogue.Host.AdminAsync();
        await client.QueryAsync(Page, new { first = 5 });
        Assert.True(counter.Count > before, "a request's statements are counted");
    }

    private static async Task<(int Rows, long Statements)> CountAsync(GraphQLClient client, SqlStatementCounter counter, int first, string page = Page)
    {
        var before = counter.Count;
        var data = await client.QueryAsync(page, new { first });
        var statements = counter.Count - before;
        var nodes = data.GetProperty("products").GetProperty("nodes").EnumerateArray().ToArray();
        Assert.All(nodes, n => Assert.Equal(1, n.GetProperty("activeSpecification").GetProperty("version").GetInt32()));
        return (nodes.Length, statements);
    }

    public sealed class AnalysedCatalogue : SpecsHostFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            using var admin = await AdminAsync();
            var png = TestImages.Png(24, 16);
            var runs = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 105), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var id = await admin.NewProductAsync($"Specified {i:D3}");
                await admin.UploadOkAsync(id, new UploadFile("a.png", png));
                runs.Add(await admin.StartAnalysisAsync(id));
            });

            foreach (var run in runs)
            {
                await admin.FinishedRunAsync(run, TimeSpan.FromMinutes(3));
            }
        }
    }
}
