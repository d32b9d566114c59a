using System.Net;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;
using SkiaSharp;

namespace ProductDescriber.Catalog.Tests;

/// <summary>The links a browser puts in `img src`: signed, short-lived, thumbnails made once.</summary>
public sealed class FileLinkTests(CatalogHostFixture fixture) : IClassFixture<CatalogHostFixture>
{
    [Theory]
    [InlineData(256, "WEBP", "image/webp", 256)]
    [InlineData(100, "JPEG", "image/jpeg", 128)]
    public async Task A_thumbnail_link_serves_a_scaled_copy_of_the_real_photo_made_once(int size, string format, string mime, int expectedEdge)
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var upload = await member.UploadOkAsync(id, CatalogApi.Photo(2));
        var imageId = upload.GetProperty("referenceImages")[0].Json("id");
        var (width, height) = CatalogApi.PngSize(CatalogApi.Photo(2).Bytes);

        var data = await member.QueryAsync(
            "query($id: ID!, $s: Int!, $f: ThumbnailFormat!) { node(id: $id) { ... on ReferenceImage { thumbnailUrl(size: $s, format: $f) } } }",
            new { id = imageId, s = size, f = format });
        var url = data.GetProperty("node").Json("thumbnailUrl");
        using var first = await member.Http.GetAsync(url);
        var keysAfterFirst = fixture.StoredKeys().Count;
        using var second = await member.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mime, first.Content.Headers.ContentType?.MediaType);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Equal(expectedEdge, Math.Max(bitmap.Width, bitmap.Height));
        Assert.InRange(Math.Abs(((double)width / height) - ((double)bitmap.Width / bitmap.Height)), 0, 0.01);
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(keysAfterFirst, fixture.StoredKeys().Count);
    }

    [Fact]
    public async Task A_tampered_link_is_refused_and_a_link_without_signature_too()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var url = (await member.UploadOkAsync(id, CatalogApi.Photo(1))).GetProperty("referenceImages")[0].Json("url");
        var unsigned = url[..url.IndexOf('?')];

        using var tampered = await member.Http.GetAsync(url[..^3] + (url[^3] == 'A' ? "B" : "A") + url[^2..]);
        using var bare = await member.Http.GetAsync(unsigned);

        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
    }

    [Fact]
    public async Task Thumbnail_sizes_outside_the_range_are_an_error()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var imageId = (await member.UploadOkAsync(id, TestImagesPng())).GetProperty("referenceImages")[0].Json("id");

        var response = await member.PostAsync("query($id: ID!) { node(id: $id) { ... on ReferenceImage { thumbnailUrl(size: 5000) } } }", new { id = imageId });

        Assert.Equal("INVALID_ARGUMENT", Assert.Single(response.ErrorCodes));
    }

    private static UploadFile TestImagesPng() => new("small.png", TestImages.Png(32, 32));
}
