using System.Net;
using System.Text.Json;
using ProductDescriber.Catalog.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Catalog.Tests;

public sealed class ReferenceImageUploadTests(ReferenceImageUploadTests.Fixture fixture) : IClassFixture<ReferenceImageUploadTests.Fixture>
{
    [Fact]
    public async Task Real_photos_are_stored_with_sniffed_type_size_and_dimensions_and_the_first_is_primary()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var photo1 = CatalogApi.Photo(1);
        var photo2 = CatalogApi.Photo(2) with { ContentType = "application/octet-stream", FileName = "second.jpg" };

        var payload = await member.UploadOkAsync(id, photo1, photo2);

        Assert.Empty(payload.Errors());
        var images = payload.GetProperty("referenceImages").EnumerateArray().ToArray();
        Assert.Equal(2, images.Length);
        Assert.Equal("stasher_1.png", images[0].Json("fileName"));
        Assert.Equal("second.jpg", images[1].Json("fileName"));
        Assert.All(images, i => Assert.Equal("image/png", i.Json("mimeType")));
        Assert.Equal(photo1.Bytes.Length, images[0].GetProperty("sizeBytes").GetInt32());
        Assert.Equal([true, false], images.Select(i => i.GetProperty("isPrimary").GetBoolean()));
        Assert.Equal([1, 2], images.Select(i => i.GetProperty("displayOrder").GetInt32()));
        var (width, height) = CatalogApi.PngSize(photo1.Bytes);
        Assert.Equal(width, images[0].GetProperty("width").GetInt32());
        Assert.Equal(height, images[0].GetProperty("height").GetInt32());

        using var download = await member.Http.GetAsync(images[0].Json("url"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo1.Bytes, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_jpeg_with_EXIF_rotation_reports_its_displayed_dimensions()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();

        var payload = await member.UploadOkAsync(id, new UploadFile("rotated.jpg", TestImages.JpegWithOrientation(300, 200, 6), "image/jpeg"));

        var image = payload.GetProperty("referenceImages")[0];
        Assert.Equal("image/jpeg", image.Json("mimeType"));
        Assert.Equal(200, image.GetProperty("width").GetInt32());
        Assert.Equal(300, image.GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task Each_kind_of_bad_file_is_refused_by_name_while_the_good_files_of_the_batch_are_stored()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var before = fixture.StoredKeys().Count;

        var payload = await member.UploadOkAsync(
            id,
            CatalogApi.Photo(1),
            new UploadFile("notes.png", TestImages.TextFile()),
            new UploadFile("cut.png", TestImages.TruncatedPng()),
            new UploadFile("bomb.png", TestImages.PixelBombPng(50_000, 50_000)),
            new UploadFile("poly.png", TestImages.PolyglotPngZip()),
            new UploadFile("empty.png", []),
            new UploadFile("fine.webp", TestImages.WebP(64, 48), "image/webp"),
            new UploadFile("fine.gif", TestImages.Gif(40, 30), "image/gif"));

        var errors = payload.Errors().ToDictionary(e => e.Json("fileName"));
        Assert.Equal(["bomb.png", "cut.png", "empty.png", "notes.png", "poly.png"], errors.Keys.Order());
        Assert.All(errors.Values, e => Assert.Equal("InvalidImageError", e.Json("__typename")));
        Assert.Equal("NOT_AN_IMAGE", errors["notes.png"].Json("reason"));
        Assert.Equal("CORRUPT", errors["cut.png"].Json("reason"));
        Assert.Equal("TOO_MANY_PIXELS", errors["bomb.png"].Json("reason"));
        Assert.Equal("TRAILING_DATA", errors["poly.png"].Json("reason"));
        Assert.Equal("EMPTY", errors["empty.png"].Json("reason"));
        Assert.Equal(1, errors["notes.png"].GetProperty("index").GetInt32());

        var stored = payload.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("mimeType")).ToArray();
        Assert.Equal(["image/png", "image/webp", "image/gif"], stored);
        Assert.Equal(before + 3, fixture.StoredKeys().Count);
    }

    [Fact]
    public async Task File_names_lose_folders_and_control_characters_and_never_reach_storage_paths()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var png = TestImages.Png(20, 20);

        var payload = await member.UploadOkAsync(
            id,
            new UploadFile("../../../etc/passwd.png", png),
            new UploadFile("..\\..\\windows\\evil.png", png),
            new UploadFile("bad\u0007name\u202e.png", png));

        var names = payload.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("fileName")).ToArray();
        Assert.Equal(["passwd.png", "evil.png", "badname.png"], names);
        Assert.All(fixture.StoredKeys(), key => Assert.DoesNotContain("passwd", key));
        Assert.False(File.Exists(Path.Combine(fixture.StorageRoot, "..", "etc", "passwd.png")));
    }

    [Fact]
    public async Task A_product_holds_twenty_images_and_the_21st_is_refused()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var files = Enumerable.Range(1, 19).Select(i => new UploadFile($"p{i}.png", TestImages.Png(8 + i, 8))).ToArray();
        await member.UploadOkAsync(id, files);

        var payload = await member.UploadOkAsync(id, new UploadFile("twenty.png", TestImages.Png(30, 30)), new UploadFile("twenty-one.png", TestImages.Png(31, 31)));

        Assert.Equal(["twenty.png"], payload.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("fileName")));
        var error = Assert.Single(payload.Errors());
        Assert.Equal("TOO_MANY_IMAGES", error.Json("reason"));
        Assert.Equal("twenty-one.png", error.Json("fileName"));
        Assert.Equal(20, (await member.ReferenceImagesAsync(id)).Length);
    }

    [Fact]
    public async Task Concurrent_uploads_never_take_a_product_past_twenty_images()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        await member.UploadOkAsync(id, [.. Enumerable.Range(1, 15).Select(i => new UploadFile($"p{i}.png", TestImages.Png(10 + i, 10)))]);

        var uploads = Enumerable.Range(0, 4).Select(batch => member.UploadOkAsync(
            id, [.. Enumerable.Range(0, 3).Select(i => new UploadFile($"b{batch}-{i}.png", TestImages.Png(40 + batch, 20 + i)))])).ToArray();
        var payloads = await Task.WhenAll(uploads);

        var stored = payloads.Sum(p => p.GetProperty("referenceImages").GetArrayLength());
        var refused = payloads.SelectMany(p => p.Errors()).ToArray();
        Assert.Equal(5, stored);
        Assert.Equal(7, refused.Length);
        Assert.All(refused, e => Assert.Equal("TOO_MANY_IMAGES", e.Json("reason")));
        var images = await member.ReferenceImagesAsync(id);
        Assert.Equal(20, images.Length);
        Assert.Equal(Enumerable.Range(1, 20), images.Select(i => i.GetProperty("displayOrder").GetInt32()));
        Assert.Single(images, i => i.GetProperty("isPrimary").GetBoolean());
    }

    [Fact]
    public async Task Archived_and_unknown_products_take_no_uploads_and_nothing_is_stored()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        await member.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = id }, "product { id }");
        var before = fixture.StoredKeys().Count;

        var archived = await member.UploadOkAsync(id, CatalogApi.Photo(1));
        var unknown = await member.UploadOkAsync("UHJvZHVjdDo5OTk5OTk=", CatalogApi.Photo(1));

        Assert.Equal("ProductArchivedError", Assert.Single(archived.Errors()).Json("__typename"));
        Assert.Equal("NotFoundError", Assert.Single(unknown.Errors()).Json("__typename"));
        Assert.Equal(before, fixture.StoredKeys().Count);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_fails_the_request_with_413_and_stores_nothing()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        var before = fixture.StoredKeys().Count;

        var (status, response) = await member.UploadAsync(id, CatalogApi.Photo(2), new UploadFile("huge.png", TestImages.NoisyPngOfAbout(Fixture.MaxUploadBytes + 100_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("huge.png", response.Body);
        Assert.Equal(before, fixture.StoredKeys().Count);
        Assert.Empty(await member.ReferenceImagesAsync(id));
    }

    [Fact]
    public async Task Uploading_needs_a_token()
    {
        using var member = await fixture.MemberAsync();
        var id = await member.NewProductAsync();
        member.Token = null;

        var (_, response) = await member.UploadAsync(id, CatalogApi.Photo(1));

        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData, response.Body);
        member.Token = (await fixture.MemberAsync()).Token;
        Assert.Empty(await member.ReferenceImagesAsync(id));
    }

    public sealed class Fixture : CatalogHostFixture
    {
        public const int MaxUploadBytes = 2_000_000;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["MAX_UPLOAD_SIZE_BYTES"] = MaxUploadBytes.ToString(),
        };
    }
}
