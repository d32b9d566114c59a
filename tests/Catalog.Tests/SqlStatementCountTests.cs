using System.Text.Json;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

/// <summary>No N+1: a page of products with images and creators costs the same statements for 5 rows as for 100.</summary>
public sealed class SqlStatementCountTests(SqlStatementCountTests.Catalogue catalogue) : IClassFixture<SqlStatementCountTests.Catalogue>
{
    private const string Page = """
        query($first: Int!) {
          products(first: $first) {
            nodes { name tags primaryImage { url thumbnailUrl } createdBy { username } referenceImages { id width } }
          }
        }
        """;

    [Fact]
    public async Task A_page_of_100_products_costs_as_many_statements_as_a_page_of_5()
    {
        using var client = await catalogue.Host.AdminAsync();
        var counter = catalogue.Host.GetService<SqlStatementCounter>();
        await client.QueryAsync(Page, new { first = 5 });

        var (small, forSmall) = await CountAsync(client, counter, 5);
        var (large, forLarge) = await CountAsync(client, counter, 100);

        Assert.Equal(5, small);
        Assert.Equal(100, large);
        Assert.Equal(forSmall, forLarge);

        // The page with its primary images (one statement: they prime the primaryImage loader), users, all images;
        // the caller's session is cached (docs/adr/0038).
        Assert.Equal(3, forLarge);
    }

    [Fact]
    public async Task A_product_with_its_primary_photo_is_one_statement()
    {
        using var client = await catalogue.Host.AdminAsync();
        var counter = catalogue.Host.GetService<SqlStatementCounter>();
        var listed = (await client.QueryAsync("{ products(first: 2) { nodes { id primaryImage { id } } } }"))
            .GetProperty("products").GetProperty("nodes").EnumerateArray()
            .Select(n => (Id: n.Json("id"), PrimaryImage: (string?)n.GetProperty("primaryImage").Json("id")))
            .ToList();
        var photoless = await client.NewProductAsync("Counted without a photo");
        listed.Add((photoless, null));
        const string query = "query($id: ID!) { product(id: $id) { name primaryImage { id url } } }";
        await client.QueryAsync(query, new { id = listed[0].Id });
        try
        {
            foreach (var (id, primaryImage) in listed)
            {
                var before = counter.Count;
                var product = (await client.QueryAsync(query, new { id })).GetProperty("product");
                var statements = counter.Count - before;

                // The product and its photo (which primes the primaryImage loader); the caller's session is cached.
                Assert.Equal(1, statements);
                var image = product.GetProperty("primaryImage");
                Assert.Equal(primaryImage, image.ValueKind == JsonValueKind.Null ? null : image.Json("id"));
            }
        }
        finally
        {
            // The page test expects a photo on every product of the shared catalogue.
            await client.MutateAsync("deleteProduct", "DeleteProductInput", new { productId = photoless }, "deletedProductId");
        }
    }

    private static async Task<(int Rows, long Statements)> CountAsync(GraphQLClient client, SqlStatementCounter counter, int first)
    {
        var before = counter.Count;
        var data = await client.QueryAsync(Page, new { first });
        var statements = counter.Count - before;
        var nodes = data.GetProperty("products").GetProperty("nodes").EnumerateArray().ToArray();
        Assert.All(nodes, n => Assert.Contains("/files/", n.GetProperty("primaryImage").Json("url")));
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n.GetProperty("createdBy").Json("username"))));
        return (nodes.Length, statements);
    }

    public sealed class Catalogue : CatalogHostFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            var creators = new List<GraphQLClient> { await AdminAsync() };
            for (var i = 0; i < 4; i++)
            {
                creators.Add(await MemberAsync());
            }

            var png = TestImages.Png(24, 16);
            await Parallel.ForEachAsync(Enumerable.Range(0, 110), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var creator = creators[i % creators.Count];
                var id = await creator.NewProductAsync($"Counted {i:D3}");
                await creator.UploadOkAsync(id, new UploadFile("a.png", png), new UploadFile("b.png", png));
            });

            foreach (var creator in creators)
            {
                creator.Dispose();
            }
        }
    }
}
