using System.Net;
using System.Text.Json;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

public sealed class ReferenceImageChangeTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    private const string ProductImages = "product { referenceImages { id isPrimary displayOrder } }";

    [Fact]
    public async Task Setting_the_primary_leaves_exactly_one_primary()
    {
        var (member, id, images) = await ProductWithImagesAsync(3);

        var payload = await member.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId = id, referenceImageId = images[2] }, ProductImages);

        Assert.Empty(payload.Errors());
        Assert.Equal([images[2]], Primaries(payload.GetProperty("product")));
    }

    [Fact]
    public async Task The_product_list_shows_each_products_current_primary_image_or_none()
    {
        var (member, withImages, images) = await ProductWithImagesAsync(3);
        await member.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId = withImages, referenceImageId = images[2] }, "product { id }");
        var withoutImages = await member.NewProductAsync();

        // The default listing's first page reads the primary images in its own statement (ListProducts).
        var data = await member.QueryAsync("{ products(first: 10) { nodes { id primaryImage { id } } } }");
        var nodes = data.GetProperty("products").GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Json("id"));

        Assert.Equal(images[2], nodes[withImages].GetProperty("primaryImage").Json("id"));
        Assert.Equal(JsonValueKind.Null, nodes[withoutImages].GetProperty("primaryImage").ValueKind);
    }

    [Fact]
    public async Task Concurrent_primary_switches_always_end_with_one_primary()
    {
        var (member, id, images) = await ProductWithImagesAsync(5);

        var switches = Enumerable.Range(0, 20).Select(i => member.MutateAsync(
            "setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId = id, referenceImageId = images[i % 5] }, "product { id }"));
        var payloads = await Task.WhenAll(switches);

        Assert.All(payloads, p => Assert.Empty(p.Errors()));
        var current = await member.ReferenceImagesAsync(id);
        Assert.Single(current, i => i.GetProperty("isPrimary").GetBoolean());
    }

    [Fact]
    public async Task Reordering_renumbers_all_images_and_keeps_unlisted_ones_after()
    {
        var (member, id, images) = await ProductWithImagesAsync(4);

        var payload = await member.MutateAsync("reorderReferenceImages", "ReorderReferenceImagesInput", new { productId = id, referenceImageIds = new[] { images[3], images[1] } }, ProductImages);

        Assert.Empty(payload.Errors());
        var ordered = payload.GetProperty("product").GetProperty("referenceImages").EnumerateArray().ToArray();
        Assert.Equal([images[3], images[1], images[0], images[2]], ordered.Select(i => i.Json("id")));
        Assert.Equal([1, 2, 3, 4], ordered.Select(i => i.GetProperty("displayOrder").GetInt32()));
    }

    [Fact]
    public async Task Reordering_with_an_image_of_another_product_or_a_duplicate_changes_nothing()
    {
        var (member, id, images) = await ProductWithImagesAsync(2);
        var (_, _, foreign) = await ProductWithImagesAsync(1);

        var withForeign = await member.MutateAsync("reorderReferenceImages", "ReorderReferenceImagesInput", new { productId = id, referenceImageIds = new[] { images[1], foreign[0] } }, ProductImages);
        var withDuplicate = await member.MutateAsync("reorderReferenceImages", "ReorderReferenceImagesInput", new { productId = id, referenceImageIds = new[] { images[1], images[1] } }, ProductImages);

        Assert.Equal("referenceImageIds", Assert.Single(withForeign.Errors()).Json("field"));
        Assert.Equal("referenceImageIds", Assert.Single(withDuplicate.Errors()).Json("field"));
        Assert.Equal(images, (await member.ReferenceImagesAsync(id)).Select(i => i.Json("id")));
    }

    [Fact]
    public async Task Deleting_the_primary_promotes_the_next_image_and_removes_the_file()
    {
        var (member, id, images) = await ProductWithImagesAsync(3);
        var primary = (await member.ReferenceImagesAsync(id))[0];
        var thumbnail = await ThumbnailUrlAsync(member, images[0]);
        using (var made = await member.Http.GetAsync(thumbnail))
        {
            Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        }

        var keysBefore = fixture.StoredKeys().Count;
        var payload = await member.MutateAsync("deleteReferenceImage", "DeleteReferenceImageInput", new { productId = id, referenceImageId = images[0] }, "deletedReferenceImageId " + ProductImages);

        Assert.Empty(payload.Errors());
        Assert.Equal(images[0], payload.Json("deletedReferenceImageId"));
        var remaining = payload.GetProperty("product").GetProperty("referenceImages").EnumerateArray().ToArray();
        Assert.Equal([images[1], images[2]], remaining.Select(i => i.Json("id")));
        Assert.Equal([images[1]], Primaries(payload.GetProperty("product")));
        Assert.Equal([1, 2], remaining.Select(i => i.GetProperty("displayOrder").GetInt32()));
        Assert.Equal(keysBefore - 2, fixture.StoredKeys().Count);
        using var original = await member.Http.GetAsync(primary.Json("url"));
        using var thumb = await member.Http.GetAsync(thumbnail);
        Assert.Equal(HttpStatusCode.NotFound, original.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, thumb.StatusCode);
    }

    [Fact]
    public async Task Operations_naming_an_image_of_another_product_are_refused()
    {
        var (member, id, images) = await ProductWithImagesAsync(1);
        var (_, otherId, _) = await ProductWithImagesAsync(1);

        var primary = await member.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId = otherId, referenceImageId = images[0] }, "product { id }");
        var delete = await member.MutateAsync("deleteReferenceImage", "DeleteReferenceImageInput", new { productId = otherId, referenceImageId = images[0] }, "deletedReferenceImageId");

        Assert.Equal("NotFoundError", Assert.Single(primary.Errors()).Json("__typename"));
        Assert.Equal("NotFoundError", Assert.Single(delete.Errors()).Json("__typename"));
        Assert.Single(await member.ReferenceImagesAsync(id));
    }

    private static async Task<string> ThumbnailUrlAsync(GraphQLClient client, string imageId)
    {
        var data = await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on ReferenceImage { thumbnailUrl(size: 100) } } }", new { id = imageId });
        return data.GetProperty("node").Json("thumbnailUrl");
    }

    private static string[] Primaries(JsonElement product) =>
        [.. product.GetProperty("referenceImages").EnumerateArray().Where(i => i.GetProperty("isPrimary").GetBoolean()).Select(i => i.Json("id"))];

    private async Task<(GraphQLClient Member, string ProductId, string[] ImageIds)> ProductWithImagesAsync(int count)
    {
        var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var payload = await member.UploadOkAsync(id, [.. Enumerable.Range(1, count).Select(i => new UploadFile($"img{i}.png", TestImages.Png(20 + i, 20)))]);
        return (member, id, [.. payload.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("id"))]);
    }
}
