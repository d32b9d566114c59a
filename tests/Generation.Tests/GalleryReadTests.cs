using System.Net;
using System.Text.Json;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;
using SkiaSharp;

namespace ProductDescriber.Generation.Tests;

/// <summary>Product.generations, Product.gallery, staleness and the images' links, read from rows the job would write.</summary>
public sealed class GalleryReadTests(GenerationHostFixture fixture) : IClassFixture<GenerationHostFixture>
{
    // In the future: the recovery sweep schedules unfinished requests older than its grace, and would run the
    // seeded PENDING ones (which have no job on purpose) while the test reads them.
    private static readonly DateTimeOffset Start = new(2090, 10, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Generations_are_newest_first_paged_both_ways_counted_and_filtered_by_status()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        GenerationStatus[] statuses = [GenerationStatus.Succeeded, GenerationStatus.Failed, GenerationStatus.Pending, GenerationStatus.Partial, GenerationStatus.Failed];
        var seeded = new List<SeededRequest>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var status = statuses[i];
            seeded.Add(await fixture.Host.RequestAsync(new SeedRequest
            {
                ProductId = product.Key,
                SpecificationId = product.SpecificationKey,
                Count = 2,
                Stored = status switch { GenerationStatus.Succeeded => [0, 1], GenerationStatus.Partial => [1], _ => [] },
                Status = status,
                CreatedAt = Start.AddMinutes(i),
            }));
        }

        var newestFirst = seeded.Select(r => r.GlobalId).Reverse().ToArray();

        var first = await GenerationsAsync(admin, product.Id, "first: 2");
        var second = await GenerationsAsync(admin, product.Id, $"first: 2, after: \"{first.Json("pageInfo", "endCursor")}\"");
        var third = await GenerationsAsync(admin, product.Id, $"first: 2, after: \"{second.Json("pageInfo", "endCursor")}\"");
        var last = await GenerationsAsync(admin, product.Id, "last: 2");
        var beforeLast = await GenerationsAsync(admin, product.Id, $"last: 2, before: \"{last.Json("pageInfo", "startCursor")}\"");
        var failedOrPending = await GenerationsAsync(admin, product.Id, "first: 10, status: [FAILED, PENDING]");
        var emptyFilter = await GenerationsAsync(admin, product.Id, "status: []");

        Assert.Equal(newestFirst[..2], Ids(first));
        Assert.Equal(("true", "false", "5"), (first.Json("pageInfo", "hasNextPage"), first.Json("pageInfo", "hasPreviousPage"), first.Json("totalCount")));
        Assert.Equal(newestFirst[2..4], Ids(second));
        Assert.Equal(newestFirst[4..], Ids(third));
        Assert.Equal("false", third.Json("pageInfo", "hasNextPage"));
        Assert.Equal(newestFirst[3..], Ids(last));
        Assert.Equal(("true", "5"), (last.Json("pageInfo", "hasPreviousPage"), last.Json("totalCount")));
        Assert.Equal(newestFirst[1..3], Ids(beforeLast));
        Assert.Equal([newestFirst[0], newestFirst[2], newestFirst[3]], Ids(failedOrPending));
        Assert.Equal(["FAILED", "PENDING", "FAILED"], failedOrPending.Nodes().Select(n => n.Json("status")));
        Assert.Equal("3", failedOrPending.Json("totalCount"));
        Assert.Equal("5", emptyFilter.Json("totalCount"));
    }

    [Fact]
    public async Task The_gallery_is_newest_first_paged_both_ways_counted_and_filtered_by_request()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var other = await admin.SeededProductAsync(photos: 1);
        var older = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 3, CreatedAt = Start });
        var newer = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 2, CreatedAt = Start.AddHours(1) });
        var elsewhere = await fixture.Host.RequestAsync(new SeedRequest { ProductId = other.Key, SpecificationId = other.SpecificationKey, Count = 1, CreatedAt = Start });
        var newestFirst = newer.Images.Reverse().Concat(older.Images.Reverse()).Select(i => i.GlobalId).ToArray();

        var first = await GalleryAsync(admin, product.Id, "first: 3");
        var rest = await GalleryAsync(admin, product.Id, $"first: 3, after: \"{first.Json("pageInfo", "endCursor")}\"");
        var last = await GalleryAsync(admin, product.Id, "last: 2");
        var beforeLast = await GalleryAsync(admin, product.Id, $"last: 2, before: \"{last.Json("pageInfo", "startCursor")}\"");
        var ofOlder = await GalleryAsync(admin, product.Id, $"requestId: \"{older.GlobalId}\"");
        var ofOtherProduct = await GalleryAsync(admin, product.Id, $"requestId: \"{elsewhere.GlobalId}\"");
        var malformed = await GalleryAsync(admin, product.Id, "requestId: \"nonsense\"");

        Assert.Equal(newestFirst[..3], Ids(first));
        Assert.Equal(("true", "5"), (first.Json("pageInfo", "hasNextPage"), first.Json("totalCount")));
        Assert.Equal(newestFirst[3..], Ids(rest));
        Assert.Equal(("false", "true"), (rest.Json("pageInfo", "hasNextPage"), rest.Json("pageInfo", "hasPreviousPage")));
        Assert.Equal(newestFirst[3..], Ids(last));
        Assert.Equal(newestFirst[1..3], Ids(beforeLast));
        Assert.Equal(older.Images.Reverse().Select(i => i.GlobalId), Ids(ofOlder));
        Assert.Equal("3", ofOlder.Json("totalCount"));
        Assert.Equal(("0", "0"), (ofOtherProduct.Json("totalCount"), malformed.Json("totalCount")));
        Assert.Empty(Ids(malformed));
    }

    [Fact]
    public async Task Images_of_an_older_version_are_stale_after_a_new_active_version_and_current_again_when_it_is_reactivated()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var old1 = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 2, CreatedAt = Start });
        var old2 = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1, CreatedAt = Start.AddMinutes(1) });
        var before = await StalenessAsync(admin, product.Id);

        var v2 = await admin.NewVersionAsync(product.SpecificationId);
        var current = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = GallerySeed.Key(v2, "Specification"), SpecificationVersion = 2, Count = 1, CreatedAt = Start.AddMinutes(2) });
        var afterNewVersion = await StalenessAsync(admin, product.Id);
        await admin.ActivateAsync(product.SpecificationId);
        var afterReactivation = await StalenessAsync(admin, product.Id);

        var oldIds = old2.Images.Concat(old1.Images.Reverse()).Select(i => i.GlobalId).ToArray();
        Assert.Equal(0, before.Count);
        Assert.Empty(before.Stale);
        Assert.All(before.All, i => Assert.False(i.IsStale));

        Assert.Equal(3, afterNewVersion.Count);
        Assert.Equal(oldIds, afterNewVersion.Stale);
        Assert.Equal([current.Images[0].GlobalId], afterNewVersion.Current);
        Assert.Equal(oldIds, afterNewVersion.All.Where(i => i.IsStale).Select(i => i.Id));

        // Re-activating v1 makes v1's images current; the v2 image is newer than the active version, not stale.
        Assert.Equal(0, afterReactivation.Count);
        Assert.Empty(afterReactivation.Stale);
        Assert.Equal(4, afterReactivation.Current.Length);
        Assert.All(afterReactivation.All, i => Assert.False(i.IsStale));
    }

    [Fact]
    public async Task Url_serves_the_stored_bytes_without_a_token()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 2, Jpeg = true });
        var urls = (await admin.QueryAsync("query($id: ID!) { generationRequest(id: $id) { images { url } } }", new { id = seeded.GlobalId }))
            .GetProperty("generationRequest").GetProperty("images").EnumerateArray().Select(i => i.Json("url")).ToArray();
        using var browser = fixture.Host.CreateClient();

        for (var i = 0; i < urls.Length; i++)
        {
            using var response = await browser.GetAsync(urls[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(seeded.Images[i].Bytes, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData(256, "WEBP", "image/webp", 256, 144)]
    [InlineData(100, "JPEG", "image/jpeg", 128, 72)]
    public async Task ThumbnailUrl_serves_a_thumbnail_of_the_size_and_format_asked_made_once_beside_the_original(int size, string format, string mime, int width, int height)
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1, Size = (800, 450) });
        var url = (await admin.QueryAsync(
            "query($id: ID!, $s: Int!, $f: ThumbnailFormat!) { node(id: $id) { ... on GeneratedImage { thumbnailUrl(size: $s, format: $f) } } }",
            new { id = seeded.Images[0].GlobalId, s = size, f = format })).GetProperty("node").Json("thumbnailUrl");
        var original = seeded.Images[0].StorageKey;
        var thumbnailKey = $"{original[..original.LastIndexOf('/')]}/thumbs/{seeded.Id}_0-{width}{(format == "JPEG" ? ".jpg" : ".webp")}";
        using var browser = fixture.Host.CreateClient();

        Assert.False(fixture.FileExists(thumbnailKey));
        using var first = await browser.GetAsync(url);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        using var second = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mime, first.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        Assert.True(fixture.FileExists(thumbnailKey));
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_thumbnail_of_an_image_that_is_gone_is_not_made()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1 });
        var url = (await admin.QueryAsync("query($id: ID!) { node(id: $id) { ... on GeneratedImage { thumbnailUrl(size: 64) } } }", new { id = seeded.Images[0].GlobalId }))
            .GetProperty("node").Json("thumbnailUrl");
        await fixture.Host.DeleteImageRowsAsync(seeded.Id);
        using var browser = fixture.Host.CreateClient();

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Thumbnail_sizes_outside_the_range_are_an_error()
    {
        using var admin = await fixture.AdminAsync();
        var product = await admin.SeededProductAsync(photos: 1);
        var seeded = await fixture.Host.RequestAsync(new SeedRequest { ProductId = product.Key, SpecificationId = product.SpecificationKey, Count = 1 });

        var response = await admin.PostAsync("query($id: ID!) { node(id: $id) { ... on GeneratedImage { thumbnailUrl(size: 5000) } } }", new { id = seeded.Images[0].GlobalId });

        Assert.Equal("INVALID_ARGUMENT", Assert.Single(response.ErrorCodes));
    }

    private static async Task<JsonElement> GenerationsAsync(GraphQLClient client, string productId, string arguments) =>
        (await client.QueryAsync(
            $"query($id: ID!) {{ product(id: $id) {{ generations({arguments}) {{ nodes {{ id status }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} totalCount }} }} }}",
            new { id = productId })).GetProperty("product").GetProperty("generations");

    private static async Task<JsonElement> GalleryAsync(GraphQLClient client, string productId, string arguments) =>
        (await client.QueryAsync(
            $"query($id: ID!) {{ product(id: $id) {{ gallery({arguments}) {{ nodes {{ id }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} totalCount }} }} }}",
            new { id = productId })).GetProperty("product").GetProperty("gallery");

    private static string[] Ids(JsonElement connection) => [.. connection.Nodes().Select(n => n.Json("id"))];

    private static async Task<Staleness> StalenessAsync(GraphQLClient client, string productId)
    {
        var product = (await client.QueryAsync(
            """
            query($id: ID!) { product(id: $id) {
              staleImageCount
              stale: gallery(stale: true) { nodes { id } totalCount }
              current: gallery(stale: false) { nodes { id } }
              all: gallery { nodes { id isStale } } } }
            """,
            new { id = productId })).GetProperty("product");
        Assert.Equal(product.GetProperty("stale").GetProperty("nodes").GetArrayLength(), product.GetProperty("stale").GetProperty("totalCount").GetInt32());
        return new Staleness(
            product.GetProperty("staleImageCount").GetInt32(),
            Ids(product.GetProperty("stale")),
            Ids(product.GetProperty("current")),
            [.. product.GetProperty("all").Nodes().Select(n => (n.Json("id"), n.GetProperty("isStale").GetBoolean()))]);
    }

    private sealed record Staleness(int Count, string[] Stale, string[] Current, (string Id, bool IsStale)[] All);
}
