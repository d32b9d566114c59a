using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

/// <summary>The product page's reads in hand-written SQL (ADR 0047): the same rows as EF's mapping gives, one counted statement.</summary>
public sealed class ProductRowsTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    [Fact]
    public async Task Products_read_by_id_are_the_rows_as_EF_maps_them_each_with_its_primary_photo()
    {
        using var member = await fixture.MemberAsync();
        var photographed = await member.NewProductAsync(extra: new { name = "Photographed", description = "With two photos", category = "Bags", tags = new[] { "blue", "zip" } });
        var images = (await member.UploadOkAsync(photographed, CatalogApi.Photo(1), CatalogApi.Photo(2))).GetProperty("referenceImages");
        await member.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId = photographed, referenceImageId = images[1].Json("id") }, "product { id }");
        var bare = await member.NewProductAsync("Bare");
        var archived = await member.NewProductAsync("Archived");
        await member.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = archived }, "product { id }");
        long[] ids = [Key(photographed), Key(bare), Key(archived)];

        var rows = await fixture.Host.GetService<ProductRows>().WithIdsAsync([.. ids, long.MaxValue], CancellationToken.None);

        var expected = await AsEfReadsThemAsync(ids);
        Assert.Equal(ids.Order(), rows.Select(r => r.Product.Id).Order());
        Assert.All(rows, row => AssertSame(expected[row.Product.Id], row));
        var withPhoto = rows.Single(r => r.Product.Id == Key(photographed));
        Assert.Equal(images[1].Json("id"), GlobalId.Encode(CatalogGraphTypes.ReferenceImage, withPhoto.PrimaryImage!.Id));
        Assert.Equal(["blue", "zip"], withPhoto.Product.Tags);
        Assert.Null(rows.Single(r => r.Product.Id == Key(bare)).PrimaryImage);
        Assert.True(rows.Single(r => r.Product.Id == Key(archived)).Product.IsArchived);
    }

    [Fact]
    public async Task The_newest_first_page_is_newest_first_without_archived_products()
    {
        using var member = await fixture.MemberAsync();
        var older = await member.NewProductAsync("Older");
        await member.UploadOkAsync(older, CatalogApi.Photo(1));
        var archived = await member.NewProductAsync("Archived later");
        await member.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = archived }, "product { id }");
        var newest = await member.NewProductAsync("Newest");

        var rows = await fixture.Host.GetService<ProductRows>().NewestFirstAsync(1000, CancellationToken.None);

        var expected = await AsEfReadsThemAsync([.. rows.Select(r => r.Product.Id)]);
        Assert.All(rows, row => AssertSame(expected[row.Product.Id], row));
        Assert.DoesNotContain(Key(archived), rows.Select(r => r.Product.Id));
        Assert.Contains(Key(older), rows.Select(r => r.Product.Id));
        Assert.Equal(Key(newest), rows[0].Product.Id);
        var order = rows.Select(r => (r.Product.CreatedAt, r.Product.Id)).ToList();
        Assert.Equal(order.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id), order);
        Assert.Single(await fixture.Host.GetService<ProductRows>().NewestFirstAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task Paging_on_from_the_newest_first_page_visits_every_product_once()
    {
        using var member = await fixture.MemberAsync();
        for (var i = 0; i < 5; i++)
        {
            await member.NewProductAsync($"Paged {i}");
        }

        // No totalCount and no cursor: the first request takes the hand-written page, the later ones EF's keyset path.
        var visited = new List<string>();
        string? after = null;
        do
        {
            var page = (await member.QueryAsync(
                "query($after: String) { products(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }",
                new { after })).GetProperty("products");
            visited.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.Json("id")));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").Json("endCursor") : null;
        }
        while (after is not null);

        await using var db = await fixture.Host.GetService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        var expected = await db.Products.Where(p => p.ArchivedAt == null).OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Select(p => p.Id).ToListAsync();
        Assert.Equal(expected.Select(id => GlobalId.Encode(CatalogGraphTypes.Product, id)), visited);
    }

    [Fact]
    public async Task A_read_is_one_counted_statement_however_many_products()
    {
        var rows = fixture.Host.GetService<ProductRows>();
        var counter = fixture.Host.GetService<SqlStatementCounter>();
        long[] fifty = [.. Enumerable.Range(1, 50).Select(i => (long)i)];

        Assert.Equal(1, await counter.FewestOfThreeAsync(() => rows.WithIdsAsync([1], CancellationToken.None)));
        Assert.Equal(1, await counter.FewestOfThreeAsync(() => rows.WithIdsAsync(fifty, CancellationToken.None)));
        Assert.Equal(1, await counter.FewestOfThreeAsync(() => rows.NewestFirstAsync(51, CancellationToken.None)));
    }

    private async Task<Dictionary<long, ProductWithPrimaryImage>> AsEfReadsThemAsync(long[] ids)
    {
        await using var db = await fixture.Host.GetService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync();
        var photos = await db.ReferenceImages.AsNoTracking().Where(i => ids.Contains(i.ProductId) && i.IsPrimary).ToDictionaryAsync(i => i.ProductId);
        return products.ToDictionary(p => p.Id, p => new ProductWithPrimaryImage(p.ToInfo(), photos.GetValueOrDefault(p.Id)?.ToInfo()));
    }

    private static readonly IReadOnlyList<string> NoTags = [];

    // ProductInfo holds its tags as a list, which records compare by reference: compared field by field.
    private static void AssertSame(ProductWithPrimaryImage expected, ProductWithPrimaryImage actual)
    {
        Assert.Equal(expected.Product with { Tags = NoTags }, actual.Product with { Tags = NoTags });
        Assert.Equal(expected.Product.Tags, actual.Product.Tags);
        Assert.Equal(expected.PrimaryImage, actual.PrimaryImage);
    }

    private static long Key(string globalId) =>
        GlobalId.TryDecodeLong(globalId, CatalogGraphTypes.Product, out var key) ? key : throw new ArgumentException(globalId);
}
