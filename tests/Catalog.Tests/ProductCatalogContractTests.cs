using ProductDescriber.BuildingBlocks.GraphQL.Relay;
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
}
