using System.Text.Json;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

/// <summary>`product` and `products` over a catalogue of its own (a fresh database per class).</summary>
public sealed class ProductQueryTests(ProductQueryTests.Catalogue catalogue) : IClassFixture<ProductQueryTests.Catalogue>
{
    private const string List = """
        query($search: String, $category: String, $tags: [String!], $archived: Boolean, $by: ID, $order: ProductOrder, $first: Int, $after: String) {
          products(search: $search, category: $category, tags: $tags, includeArchived: $archived, createdBy: $by, orderBy: $order, first: $first, after: $after) {
            totalCount nodes { name slug } pageInfo { hasNextPage endCursor }
          }
        }
        """;

    [Fact]
    public async Task Search_matches_word_prefixes_across_name_description_category_and_tags()
    {
        Assert.Equal(["Stasher Half Gallon Bag"], await NamesAsync(new { search = "stash" }));
        Assert.Equal(["Stasher Half Gallon Bag"], await NamesAsync(new { search = "STASHER gallon" }));
        Assert.Equal(["Glass Bottle"], await NamesAsync(new { search = "borosilicate" }));
        Assert.Equal(["Ceramic Mug", "Glass Bottle"], (await NamesAsync(new { search = "dishwasher" })).Order());
        Assert.Equal(["Desk Lamp"], await NamesAsync(new { search = "light" }));
        Assert.Empty(await NamesAsync(new { search = "nothing-like-this" }));
    }

    [Fact]
    public async Task Search_ranks_a_name_match_above_a_description_match()
    {
        // "bottle" is Glass Bottle's name and only a word in Stasher's description.
        Assert.Equal(["Glass Bottle", "Stasher Half Gallon Bag"], await NamesAsync(new { search = "bottle" }));
    }

    [Fact]
    public async Task Search_text_with_tsquery_syntax_is_taken_as_words_not_as_a_query()
    {
        var names = await NamesAsync(new { search = "glass & | ! ( ) :* '" });
        Assert.Equal(["Glass Bottle"], names);
    }

    [Fact]
    public async Task Filters_by_category_all_of_the_tags_and_creator()
    {
        Assert.Equal(["Ceramic Mug", "Glass Bottle"], (await NamesAsync(new { category = "KITCHEN" })).Order());
        Assert.Equal(["Glass Bottle"], await NamesAsync(new { tags = new[] { "glass", "Kitchen" } }));
        Assert.Equal(["Ceramic Mug", "Glass Bottle", "Stasher Half Gallon Bag"], (await NamesAsync(new { tags = new[] { "kitchen" } })).Order());
        Assert.Equal(["Desk Lamp"], await NamesAsync(new { by = catalogue.OtherUserId }));
        Assert.Empty(await NamesAsync(new { by = "not-an-id" }));
    }

    [Fact]
    public async Task Archived_products_appear_only_when_asked_for()
    {
        Assert.DoesNotContain("Old Kettle", await NamesAsync(new { }));
        Assert.Contains("Old Kettle", await NamesAsync(new { archived = true }));
    }

    [Theory]
    [InlineData("NAME", "ASC", new[] { "Ceramic Mug", "Desk Lamp", "Glass Bottle", "Stasher Half Gallon Bag" })]
    [InlineData("NAME", "DESC", new[] { "Stasher Half Gallon Bag", "Glass Bottle", "Desk Lamp", "Ceramic Mug" })]
    [InlineData("CREATED_AT", "ASC", new[] { "Glass Bottle", "Stasher Half Gallon Bag", "Ceramic Mug", "Desk Lamp" })]
    [InlineData("CREATED_AT", "DESC", new[] { "Desk Lamp", "Ceramic Mug", "Stasher Half Gallon Bag", "Glass Bottle" })]
    public async Task Orders_by_name_or_time_in_both_directions(string field, string direction, string[] expected)
    {
        Assert.Equal(expected, await NamesAsync(new { order = new { field, direction } }));
    }

    [Fact]
    public async Task Ordering_by_relevance_without_search_words_is_an_error()
    {
        using var client = await catalogue.Host.AdminAsync();

        var response = await client.PostAsync(List, new { search = " !? ", order = new { field = "RELEVANCE", direction = "DESC" } });

        Assert.Equal("INVALID_ARGUMENT", Assert.Single(response.ErrorCodes));
    }

    [Fact]
    public async Task Ordering_by_update_time_puts_the_last_changed_first()
    {
        using var member = await catalogue.Host.AdminAsync();
        await member.MutateAsync("updateProduct", "UpdateProductInput", new { productId = catalogue.Ids["Ceramic Mug"], description = "Stoneware mug, dishwasher safe." }, "product { id }");

        var names = await NamesAsync(new { order = new { field = "UPDATED_AT", direction = "DESC" } });

        Assert.Equal("Ceramic Mug", names[0]);
    }

    [Fact]
    public async Task Paging_through_many_equal_names_visits_every_product_once_in_both_directions()
    {
        var all = new List<string>();
        string? after = null;
        do
        {
            var page = await PageAsync(new { search = "twin", order = new { field = "NAME", direction = "ASC" }, first = 3, after });
            all.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.Json("slug")));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").Json("endCursor") : null;
        }
        while (after is not null);

        Assert.Equal(catalogue.TwinSlugs.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(catalogue.TwinSlugs.Count, (await PageAsync(new { search = "twin" })).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Product_is_found_by_id_or_slug_and_asking_for_both_or_neither_is_an_error()
    {
        using var client = await catalogue.Host.AdminAsync();
        var id = catalogue.Ids["Glass Bottle"];

        var byId = await client.QueryAsync("query($id: ID) { product(id: $id) { name } }", new { id });
        var bySlug = await client.QueryAsync("query($slug: String) { product(slug: $slug) { name } }", new { slug = "glass-bottle" });
        var missing = await client.QueryAsync("query($slug: String) { product(slug: $slug) { name } }", new { slug = "no-such-product" });
        var both = await client.PostAsync("query($id: ID, $slug: String) { product(id: $id, slug: $slug) { name } }", new { id, slug = "glass-bottle" });
        var neither = await client.PostAsync("{ product { name } }");

        Assert.Equal("Glass Bottle", byId.GetProperty("product").Json("name"));
        Assert.Equal("Glass Bottle", bySlug.GetProperty("product").Json("name"));
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("product").ValueKind);
        Assert.Equal("INVALID_ARGUMENT", Assert.Single(both.ErrorCodes));
        Assert.Equal("INVALID_ARGUMENT", Assert.Single(neither.ErrorCodes));
    }

    [Fact]
    public async Task Created_by_resolves_to_the_user()
    {
        using var client = await catalogue.Host.AdminAsync();
        var data = await client.QueryAsync("query($id: ID!) { product(id: $id) { createdBy { id username } } }", new { id = catalogue.Ids["Desk Lamp"] });
        Assert.Equal(catalogue.OtherUserId, data.GetProperty("product").GetProperty("createdBy").Json("id"));
    }

    [Fact]
    public async Task Anonymous_callers_get_nothing()
    {
        using var anonymous = catalogue.Host.CreateGraphQLClient();
        var response = await anonymous.PostAsync("{ products { totalCount } }");
        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
    }

    private async Task<JsonElement> PageAsync(object variables)
    {
        using var client = await catalogue.Host.AdminAsync();
        var data = await client.QueryAsync(List, variables);
        return data.GetProperty("products");
    }

    private async Task<List<string>> NamesAsync(object variables) =>
        [.. (await PageAsync(variables)).GetProperty("nodes").EnumerateArray().Select(n => n.Json("name")).Where(n => !n.StartsWith("Twin", StringComparison.Ordinal))];

    public sealed class Catalogue : CatalogHostFixture, IAsyncLifetime
    {
        public Dictionary<string, string> Ids { get; } = [];

        public List<string> TwinSlugs { get; } = [];

        public string OtherUserId { get; private set; } = "";

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            using var admin = await AdminAsync();
            Ids["Glass Bottle"] = await admin.NewProductAsync(extra: new { name = "Glass Bottle", description = "Borosilicate, dishwasher safe.", category = "Kitchen", tags = new[] { "glass", "kitchen" } });
            Ids["Stasher Half Gallon Bag"] = await admin.NewProductAsync(extra: new { name = "Stasher Half Gallon Bag", description = "Silicone bag that replaces a plastic bottle or box.", category = "Storage", tags = new[] { "silicone", "kitchen" } });
            Ids["Ceramic Mug"] = await admin.NewProductAsync(extra: new { name = "Ceramic Mug", description = "Dishwasher safe.", category = "kitchen", tags = new[] { "ceramic", "kitchen" } });

            var other = await Host.CreateUserAsync();
            using var otherClient = Host.CreateGraphQLClient();
            otherClient.Token = other.Token;
            OtherUserId = other.Id;
            Ids["Desk Lamp"] = await otherClient.NewProductAsync(extra: new { name = "Desk Lamp", category = "Lighting" });

            var kettle = await admin.NewProductAsync("Old Kettle");
            await admin.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = kettle }, "product { id }");

            for (var i = 0; i < 8; i++)
            {
                var payload = await admin.CreateProductAsync(new { name = "Twin" });
                TwinSlugs.Add(payload.GetProperty("product").Json("slug"));
            }
        }
    }
}
