using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests;

/// <summary>
/// No N+1: a gallery page (ordered by fidelity score) with each image's request, provenance, fidelity, description, links and staleness costs the same for 5 images as
/// for 100, and so does <c>staleImageCount</c> over a page of 5 or 100 products.
/// </summary>
public sealed class GallerySqlStatementCountTests(GallerySqlStatementCountTests.FullGallery gallery) : IClassFixture<GallerySqlStatementCountTests.FullGallery>
{
    private const string Page = """
        query($id: ID!, $first: Int!) { product(id: $id) {
          staleImageCount
          gallery(first: $first, orderBy: SCORE_DESC) { totalCount nodes {
            id index width height url thumbnailUrl(size: 128) isStale product { name }
            fidelity { score flagged }
            description { status changes { path } }
            request { id status progress { done requested } requestedBy { username } specification { version } referenceImages { fileName } }
            provenance { specification { version } specificationVersion referenceImageIds provider model promptSha256 digitalSourceType } } } } }
        """;

    [Fact]
    public async Task A_gallery_page_of_100_images_with_their_requests_costs_as_many_statements_as_a_page_of_5()
    {
        using var admin = await gallery.AdminAsync();
        var counter = gallery.Host.GetService<SqlStatementCounter>();
        await CountAsync(admin, counter, 5);

        var (small, forSmall) = await CountAsync(admin, counter, 5);
        var (large, forLarge) = await CountAsync(admin, counter, 100);

        Assert.Equal(5, small);
        Assert.Equal(100, large);
        Assert.Equal(forSmall, forLarge);

        // The product, the page with its total, the active version (staleImageCount and isStale), the grouped stale
        // count, the requests, their users, products, photos, and specifications (through Specs' node resolver). The
        // caller's session is cached (docs/adr/0038).
        Assert.Equal(9, forLarge);
    }

    [Fact]
    public async Task Stale_image_counts_of_a_page_of_100_products_cost_as_many_statements_as_of_5()
    {
        const string Products = "query($first: Int!) { products(first: $first) { nodes { id staleImageCount } } }";
        using var admin = await gallery.AdminAsync();
        var counter = gallery.Host.GetService<SqlStatementCounter>();
        await admin.QueryAsync(Products, new { first = 5 });

        var before = counter.Count;
        var small = (await admin.QueryAsync(Products, new { first = 5 })).GetProperty("products").Nodes();
        var forSmall = counter.Count - before;
        before = counter.Count;
        var large = (await admin.QueryAsync(Products, new { first = 100 })).GetProperty("products").Nodes();
        var forLarge = counter.Count - before;

        Assert.Equal((5, 100), (small.Length, large.Length));
        var counts = large.ToDictionary(p => p.Json("id"), p => p.GetProperty("staleImageCount").GetInt32());
        Assert.Equal(GalleryImages, counts[gallery.Product.Id]);
        Assert.All(gallery.Others, other => Assert.Equal(2, counts[other.Id]));
        Assert.Equal(GalleryImages + (2 * gallery.Others.Count), counts.Values.Sum());
        Assert.Equal(forSmall, forLarge);

        // The page of products, their active versions (one Specs query), one grouped count of images (the session is cached).
        Assert.Equal(3, forLarge);
    }

    private async Task<(int Images, long Statements)> CountAsync(GraphQLClient client, SqlStatementCounter counter, int first)
    {
        var before = counter.Count;
        var data = await client.QueryAsync(Page, new { id = gallery.Product.Id, first });
        var statements = counter.Count - before;
        var page = data.GetProperty("product").GetProperty("gallery");
        var nodes = page.Nodes();
        Assert.Equal(GalleryImages, page.GetProperty("totalCount").GetInt32());
        Assert.All(nodes, n => Assert.Equal("1", n.Json("provenance", "specification", "version")));
        Assert.All(nodes, n => Assert.Equal("admin", n.Json("request", "requestedBy", "username")));
        Assert.All(nodes, n => Assert.Equal(2, n.GetProperty("request").GetProperty("referenceImages").GetArrayLength()));
        Assert.All(nodes, n => Assert.True(n.GetProperty("isStale").GetBoolean()));
        Assert.All(nodes, n => Assert.Equal(("DONE", "colors.primary.hex"), (n.Json("description", "status"), n.GetProperty("description").GetProperty("changes")[0].Json("path"))));
        return (nodes.Length, statements);
    }

    private const int GalleryImages = 104;

    public sealed class FullGallery : GenerationHostFixture, IAsyncLifetime
    {
        /// <summary>Every image of the page is described: the description comes with the image's row, never from a query of its own.</summary>
        private static readonly ImageDescription Described = new(
            DescriptionStatus.Done, 1, "offline", "offline-vision-1", 1, [new DescriptionChange("colors.primary.hex", "'#3C7A5E'", "'#12AB34'", "CHANGED")],
            "colors:\n  primary:\n    hex: '#12AB34'\n", null, null, 800, 40, 120, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        internal AnalysedProduct Product { get; private set; } = null!;

        internal List<AnalysedProduct> Others { get; } = [];

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            using var admin = await AdminAsync();

            // Older products without specifications or images, then (newest, so on every page) three with stale images.
            for (var i = 0; i < 100; i++)
            {
                await admin.NewProductAsync($"Plain {i:D3}");
            }

            for (var i = 0; i < 2; i++)
            {
                var other = await admin.SeededProductAsync(photos: 1);
                await Host.RequestAsync(new SeedRequest { ProductId = other.Key, SpecificationId = other.SpecificationKey, Count = 2 });
                await admin.NewVersionAsync(other.SpecificationId);
                Others.Add(other);
            }

            Product = await admin.SeededProductAsync();
            var adminId = GallerySeed.Key((await admin.QueryAsync("{ me { id } }")).GetProperty("me").Json("id"), "User");
            var photos = Product.PhotoIds.Select(id => GallerySeed.Key(id, "ReferenceImage")).ToArray();
            var start = DateTimeOffset.UtcNow.AddDays(-1);

            // 52 requests of 2 images: each image of a page has its own request, half of them shared.
            for (var i = 0; i < GalleryImages / 2; i++)
            {
                await Host.RequestAsync(new SeedRequest
                {
                    ProductId = Product.Key,
                    SpecificationId = Product.SpecificationKey,
                    Count = 2,
                    RequestedById = adminId,
                    ReferenceImageIds = photos,
                    CreatedAt = start.AddMinutes(i),
                    Description = _ => Described,
                });
            }

            await admin.NewVersionAsync(Product.SpecificationId);
        }
    }
}
