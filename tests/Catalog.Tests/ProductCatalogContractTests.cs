using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

/// <summary>What Specs and Generation will rely on: <see cref="IProductCatalog"/> against the real database and storage.</summary>
public sealed class ProductCatalogContractTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    [Fact]
    public async Task Products_images_in_order_the_primary_and_their_bytes_are_available_to_other_modules()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync("Contracted");
        var uploaded = await member.UploadOkAsync(id, CatalogApi.Photo(1), CatalogApi.Photo(2));
        var imageIds = uploaded.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("id")).ToArray();
        await member.MutateAsync("reorderReferenceImages", "ReorderReferenceImagesInput", new { productId = id, referenceImageIds = new[] { imageIds[1] } }, "product { id }");
        await member.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = id }, "product { id }");
        var catalog = fixture.Host.GetService<IProductCatalog>();
        Assert.True(GlobalId.TryDecodeLong(id, CatalogGraphTypes.Product, out var productId));

        var product = await catalog.FindProductAsync(productId, CancellationToken.None);
        var images = await catalog.ListReferenceImagesAsync(productId, CancellationToken.None);
        var primary = await catalog.FindPrimaryImageAsync(productId, CancellationToken.None);

        Assert.NotNull(product);
        Assert.Equal("Contracted", product.Name);
        Assert.True(product.IsArchived);
        Assert.Equal([imageIds[1], imageIds[0]], images.Select(i => GlobalId.Encode(CatalogGraphTypes.ReferenceImage, i.Id)));
        Assert.Equal(GlobalId.Encode(CatalogGraphTypes.ReferenceImage, primary!.Id), imageIds[0]);
        Assert.All(images, i => Assert.StartsWith(product.StorageFolder + "/refs/", i.StorageKey));
        await using var bytes = await catalog.OpenReferenceImageAsync(primary, CancellationToken.None);
        using var copy = new MemoryStream();
        await bytes.CopyToAsync(copy);
        Assert.Equal(CatalogApi.Photo(1).Bytes, copy.ToArray());
        Assert.Null(await catalog.FindProductAsync(long.MaxValue, CancellationToken.None));
        Assert.Null(await catalog.FindPrimaryImageAsync(long.MaxValue, CancellationToken.None));
        Assert.Empty(await catalog.ListReferenceImagesAsync(long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task Reference_images_of_many_products_are_one_statement_each_product_in_display_order()
    {
        using var member = await fixture.MemberAsync();
        var (two, one, none) = (await member.NewProductAsync("Two photos"), await member.NewProductAsync("One photo"), await member.NewProductAsync("No photo"));
        var twoImages = ImageIds(await member.UploadOkAsync(two, CatalogApi.Photo(1), CatalogApi.Photo(2)));
        var oneImage = ImageIds(await member.UploadOkAsync(one, CatalogApi.Photo(2)));
        await member.MutateAsync("reorderReferenceImages", "ReorderReferenceImagesInput", new { productId = two, referenceImageIds = new[] { twoImages[1] } }, "product { id }");
        var catalog = fixture.Host.GetService<IProductCatalog>();
        var counter = fixture.Host.GetService<SqlStatementCounter>();

        var before = counter.Count;
        var images = await catalog.ListReferenceImagesAsync([ProductKey(two), ProductKey(one), ProductKey(none), long.MaxValue], CancellationToken.None);
        var statements = counter.Count - before;

        Assert.Equal(1, statements);
        Assert.Equal([ProductKey(two), ProductKey(one)], images.Keys.Order());
        Assert.Equal([twoImages[1], twoImages[0]], images[ProductKey(two)].Select(i => ImageId(i.Id)));
        Assert.Equal([1, 2], images[ProductKey(two)].Select(i => i.DisplayOrder));
        Assert.Equal(oneImage, images[ProductKey(one)].Select(i => ImageId(i.Id)));
        Assert.All(images, p => Assert.All(p.Value, i => Assert.Equal(p.Key, i.ProductId)));
    }

    [Fact]
    public async Task Primary_images_of_many_products_are_one_statement()
    {
        using var member = await fixture.MemberAsync();
        var (switched, single, none) = (await member.NewProductAsync("Switched primary"), await member.NewProductAsync("Single photo"), await member.NewProductAsync("Bare"));
        var switchedImages = ImageIds(await member.UploadOkAsync(switched, CatalogApi.Photo(1), CatalogApi.Photo(2)));
        var singleImage = ImageIds(await member.UploadOkAsync(single, CatalogApi.Photo(1)));
        await member.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId = switched, referenceImageId = switchedImages[1] }, "product { id }");
        var catalog = fixture.Host.GetService<IProductCatalog>();
        var counter = fixture.Host.GetService<SqlStatementCounter>();

        var before = counter.Count;
        var primaries = await catalog.FindPrimaryImagesAsync([ProductKey(switched), ProductKey(single), ProductKey(none), long.MaxValue], CancellationToken.None);
        var statements = counter.Count - before;

        Assert.Equal(1, statements);
        Assert.Equal([ProductKey(switched), ProductKey(single)], primaries.Keys.Order());
        Assert.Equal(switchedImages[1], ImageId(primaries[ProductKey(switched)].Id));
        Assert.Equal(singleImage[0], ImageId(primaries[ProductKey(single)].Id));
        Assert.All(primaries, p => Assert.True(p.Value.IsPrimary && p.Value.ProductId == p.Key));
    }

    [Fact]
    public async Task A_slug_change_keeps_the_storage_folder_and_working_links()
    {
        using var member = await fixture.MemberAsync();
        var slug = $"before-{Guid.NewGuid():N}"[..16];
        var id = await member.NewProductAsync(extra: new { name = "Renamed", slug });
        var url = (await member.UploadOkAsync(id, CatalogApi.Photo(1))).GetProperty("referenceImages")[0].Json("url");

        var renamed = await member.MutateAsync("updateProduct", "UpdateProductInput", new { productId = id, slug = slug + "-after" }, "product { slug referenceImages { url } }");

        Assert.Equal(slug + "-after", renamed.GetProperty("product").Json("slug"));
        using var old = await member.Http.GetAsync(url);
        using var fresh = await member.Http.GetAsync(renamed.GetProperty("product").GetProperty("referenceImages")[0].Json("url"));
        Assert.Equal(System.Net.HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEmpty(fixture.StoredKeys(slug));

        // A new product taking the old slug gets a folder of its own.
        var newcomer = await member.CreateProductAsync(new { name = "Newcomer", slug });
        Assert.Empty(newcomer.Errors());
        Assert.True(GlobalId.TryDecodeLong(newcomer.GetProperty("product").Json("id"), CatalogGraphTypes.Product, out var newcomerId));
        var info = await fixture.Host.GetService<IProductCatalog>().FindProductAsync(newcomerId, CancellationToken.None);
        Assert.NotEqual(slug, info!.StorageFolder);
        Assert.StartsWith(slug + "-", info.StorageFolder);
    }

    private static long ProductKey(string globalId) =>
        GlobalId.TryDecodeLong(globalId, CatalogGraphTypes.Product, out var key) ? key : throw new ArgumentException(globalId);

    private static string ImageId(long key) => GlobalId.Encode(CatalogGraphTypes.ReferenceImage, key);

    private static string[] ImageIds(System.Text.Json.JsonElement uploaded) =>
        [.. uploaded.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("id"))];
}
