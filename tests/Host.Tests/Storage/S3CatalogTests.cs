using System.Net;
using Amazon.S3.Model;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>
/// The Catalog with STORAGE_TYPE=s3, end to end: a real photo uploaded through GraphQL lands in the gateway's
/// bucket, its links and thumbnails redirect to pre-signed URLs, and deleting the product empties its folder.
/// </summary>
[Collection(RadosGatewayCollection.Name)]
public sealed class S3CatalogTests(RadosGatewayFixture gateway) : IAsyncLifetime
{
    private readonly byte[] _photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_1.png"));
    private TestHost _host = null!;
    private string _bucket = "";

    public async Task InitializeAsync()
    {
        _bucket = await gateway.CreateBucketAsync("catalog");
        _host = await TestHost.StartAsync(nameof(S3CatalogTests), settings: new Dictionary<string, string?>
        {
            ["STORAGE_TYPE"] = "s3",
            ["STORAGE_BUCKET_NAME"] = _bucket,
            ["AWS_ENDPOINT_URL_S3"] = gateway.ServiceUrl,
            ["AWS_ACCESS_KEY_ID"] = gateway.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = gateway.SecretKey,
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Photos_live_in_the_bucket_are_served_through_presigned_redirects_and_go_with_their_product()
    {
        using var admin = await _host.AdminAsync();
        var product = (await admin.QueryAsync("mutation { createProduct(input: {name: \"S3 Stasher\"}) { product { id slug } } }")).GetProperty("createProduct").GetProperty("product");
        var upload = await admin.PostMultipartAsync(
            "mutation($i: UploadReferenceImagesInput!) { uploadReferenceImages(input: $i) { referenceImages { id url thumbnailUrl(size: 128) } errors { message } } }",
            new { i = new { productId = product.Json("id"), files = new object?[] { null } } },
            new MultipartFile("variables.i.files.0", "stasher_1.png", _photo, "image/png"));
        var image = upload.Data.GetProperty("uploadReferenceImages").GetProperty("referenceImages")[0];
        Assert.Equal([$"{product.Json("slug")}/refs/"], (await KeysAsync()).Select(k => k[..(k.LastIndexOf('/') + 1)]));

        Assert.Equal(_photo, await FollowAsync(image.Json("url")));
        var thumbnail = await FollowAsync(image.Json("thumbnailUrl"));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(thumbnail, 0, 4));
        Assert.Equal(2, (await KeysAsync()).Count);

        var deleted = await admin.QueryAsync("mutation($i: DeleteProductInput!) { deleteProduct(input: $i) { deletedProductId } }", new { i = new { productId = product.Json("id") } });

        Assert.Equal(product.Json("id"), deleted.GetProperty("deleteProduct").Json("deletedProductId"));
        Assert.Empty(await KeysAsync());
    }

    /// <summary>Opens a signed link as a browser would: the Host answers 302, the gateway serves the bytes.</summary>
    private async Task<byte[]> FollowAsync(string link)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var response = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var direct = new HttpClient();
        return await direct.GetByteArrayAsync(response.Headers.Location);
    }

    private async Task<List<string>> KeysAsync()
    {
        using var client = gateway.CreateClient();
        var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket });
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }
}
