using System.Text.Json;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

public sealed class ProductMutationTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    [Fact]
    public async Task A_product_gets_a_slug_derived_from_its_name_and_normalised_fields()
    {
        using var member = await fixture.MemberAsync();

        var payload = await member.CreateProductAsync(new
        {
            name = "  Stasher Bag (Large) — Crème 1.5 l  ",
            description = "  Reusable silicone bag. ",
            category = " Kitchen ",
            tags = new[] { " Silicone", "reusable", "silicone ", "BPA-free" },
        });

        Assert.Empty(payload.Errors());
        var product = payload.GetProperty("product");
        Assert.Equal("Stasher Bag (Large) — Crème 1.5 l", product.Json("name"));
        Assert.Equal("stasher-bag-large-creme-1-5-l", product.Json("slug"));
        Assert.Equal("Reusable silicone bag.", product.Json("description"));
        Assert.Equal("Kitchen", product.Json("category"));
        Assert.Equal(["silicone", "reusable", "bpa-free"], product.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(product.GetProperty("isArchived").GetBoolean());
    }

    [Fact]
    public async Task A_taken_slug_given_by_the_client_is_refused_with_a_free_suggestion()
    {
        using var member = await fixture.MemberAsync();
        var slug = $"bottle-{Guid.NewGuid():N}"[..20];
        await member.NewProductAsync(extra: new { name = "Bottle", slug });
        await member.NewProductAsync(extra: new { name = "Bottle two", slug = slug + "-2" });

        var payload = await member.CreateProductAsync(new { name = "Another bottle", slug });

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("product").ValueKind);
        var error = Assert.Single(payload.Errors());
        Assert.Equal("SlugTakenError", error.Json("__typename"));
        Assert.Equal(slug, error.Json("slug"));
        Assert.Equal(slug + "-3", error.Json("suggestion"));
        var retry = await member.CreateProductAsync(new { name = "Another bottle", slug = error.Json("suggestion") });
        Assert.Empty(retry.Errors());
    }

    [Fact]
    public async Task A_derived_slug_that_is_taken_gets_a_free_suffix_instead_of_an_error()
    {
        using var member = await fixture.MemberAsync();
        var name = $"Same Name {Guid.NewGuid():N}";

        var first = await member.CreateProductAsync(new { name });
        var second = await member.CreateProductAsync(new { name });

        var slug = first.GetProperty("product").Json("slug");
        Assert.Equal(slug + "-2", second.GetProperty("product").Json("slug"));
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "   ")]
    [InlineData("name", "x256")]
    [InlineData("slug", "Bad Slug!")]
    [InlineData("slug", "ünïcode")]
    [InlineData("slug", "x256")]
    [InlineData("category", "x101")]
    [InlineData("tags", "31 tags")]
    [InlineData("tags", "tag of 51")]
    public async Task Each_invalid_field_comes_back_as_a_ValidationError_naming_it(string field, string value)
    {
        using var member = await fixture.MemberAsync();
        var input = new Dictionary<string, object?> { ["name"] = "Valid name" };
        input[field] = value switch
        {
            "x256" => new string('x', 256),
            "x101" => new string('x', 101),
            "31 tags" => Enumerable.Range(1, 31).Select(i => $"tag{i}").ToArray(),
            "tag of 51" => new[] { new string('t', 51) },
            _ => value,
        };

        var payload = await member.CreateProductAsync(input);

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("product").ValueKind);
        var error = Assert.Single(payload.Errors());
        Assert.Equal("ValidationError", error.Json("__typename"));
        Assert.Equal(field, error.Json("field"));
    }

    [Fact]
    public async Task Update_changes_only_the_fields_sent_and_null_clears_optional_ones()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync(extra: new { name = "Lamp", description = "Brass lamp", category = "Lighting", tags = new[] { "brass" } });

        var renamed = await member.MutateAsync("updateProduct", "UpdateProductInput", new { productId = id, name = "Desk lamp" }, "product { name description category tags }");
        Assert.Empty(renamed.Errors());
        Assert.Equal("Desk lamp", renamed.GetProperty("product").Json("name"));
        Assert.Equal("Brass lamp", renamed.GetProperty("product").Json("description"));

        var cleared = await member.MutateAsync("updateProduct", "UpdateProductInput", new Dictionary<string, object?> { ["productId"] = id, ["description"] = null, ["tags"] = null }, "product { name description category tags }");
        Assert.Empty(cleared.Errors());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("product").GetProperty("description").ValueKind);
        Assert.Equal(0, cleared.GetProperty("product").GetProperty("tags").GetArrayLength());
        Assert.Equal("Lighting", cleared.GetProperty("product").Json("category"));
    }

    [Fact]
    public async Task Update_refuses_a_null_name_and_a_taken_slug_and_changes_nothing()
    {
        using var member = await fixture.MemberAsync();
        var taken = $"taken-{Guid.NewGuid():N}"[..16];
        await member.NewProductAsync(extra: new { name = "Holder", slug = taken });
        var id = await member.NewProductAsync("Original");

        var nullName = await member.MutateAsync("updateProduct", "UpdateProductInput", new Dictionary<string, object?> { ["productId"] = id, ["name"] = null }, "product { name }");
        var takenSlug = await member.MutateAsync("updateProduct", "UpdateProductInput", new { productId = id, slug = taken, description = "changed" }, "product { name }");

        Assert.Equal("name", Assert.Single(nullName.Errors()).Json("field"));
        Assert.Equal("SlugTakenError", Assert.Single(takenSlug.Errors()).Json("__typename"));
        var data = await member.QueryAsync("query($id: ID!) { product(id: $id) { name slug description } }", new { id });
        Assert.Equal("Original", data.GetProperty("product").Json("name"));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("product").GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task Unknown_and_malformed_product_ids_get_NotFoundError()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var userId = (await member.QueryAsync("{ me { id } }")).GetProperty("me").Json("id");

        foreach (var bad in new[] { "nonsense", userId, id[..^2] + "zz" })
        {
            var payload = await member.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = bad }, "product { id }");
            Assert.Equal("NotFoundError", Assert.Single(payload.Errors()).Json("__typename"));
        }
    }

    [Fact]
    public async Task Archived_products_leave_default_lists_stay_readable_and_can_be_restored()
    {
        using var member = await fixture.MemberAsync();
        var name = $"Archivable {Guid.NewGuid():N}";
        var id = await member.NewProductAsync(name);

        var archived = await member.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = id }, "product { isArchived archivedAt }");
        Assert.True(archived.GetProperty("product").GetProperty("isArchived").GetBoolean());

        Assert.Equal(0, await CountAsync(member, name, includeArchived: false));
        Assert.Equal(1, await CountAsync(member, name, includeArchived: true));
        var byId = await member.QueryAsync("query($id: ID!) { product(id: $id) { name isArchived } }", new { id });
        Assert.True(byId.GetProperty("product").GetProperty("isArchived").GetBoolean());

        var restored = await member.MutateAsync("restoreProduct", "RestoreProductInput", new { productId = id }, "product { isArchived archivedAt }");
        Assert.False(restored.GetProperty("product").GetProperty("isArchived").GetBoolean());
        Assert.Equal(1, await CountAsync(member, name, includeArchived: false));
    }

    [Fact]
    public async Task Only_admins_may_delete_a_product()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();

        var response = await member.PostAsync("mutation($i: DeleteProductInput!) { deleteProduct(input: $i) { deletedProductId } }", new { i = new { productId = id } });

        Assert.Equal("FORBIDDEN", Assert.Single(response.ErrorCodes));
        var still = await member.QueryAsync("query($id: ID!) { product(id: $id) { id } }", new { id });
        Assert.Equal(id, still.GetProperty("product").Json("id"));
    }

    [Fact]
    public async Task Deleting_a_product_removes_its_rows_and_every_file_and_frees_its_slug()
    {
        using var admin = await fixture.AdminAsync();
        var slug = $"doomed-{Guid.NewGuid():N}"[..18];
        var id = await admin.NewProductAsync(extra: new { name = "Doomed", slug });
        var uploaded = await admin.UploadOkAsync(id, CatalogApi.Photo(1), CatalogApi.Photo(2));
        var image = uploaded.GetProperty("referenceImages")[0];
        await FetchAsync(admin, image.Json("url"));
        Assert.NotEmpty(fixture.StoredKeys(slug));

        var payload = await admin.MutateAsync("deleteProduct", "DeleteProductInput", new { productId = id }, "deletedProductId");

        Assert.Empty(payload.Errors());
        Assert.Equal(id, payload.Json("deletedProductId"));
        Assert.Empty(fixture.StoredKeys(slug));
        var gone = await admin.QueryAsync("query($id: ID!, $img: ID!) { product(id: $id) { id } node(id: $img) { id } }", new { id, img = image.Json("id") });
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("product").ValueKind);
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("node").ValueKind);
        using var link = await admin.Http.GetAsync(image.Json("url"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, link.StatusCode);

        var again = await admin.CreateProductAsync(new { name = "Reborn", slug });
        Assert.Empty(again.Errors());
    }

    private static async Task FetchAsync(GraphQLClient client, string url)
    {
        using var response = await client.Http.GetAsync(url);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<int> CountAsync(GraphQLClient client, string search, bool includeArchived)
    {
        var data = await client.QueryAsync(
            "query($s: String, $a: Boolean) { products(search: $s, includeArchived: $a) { totalCount } }",
            new { s = search, a = includeArchived });
        return data.GetProperty("products").GetProperty("totalCount").GetInt32();
    }
}
