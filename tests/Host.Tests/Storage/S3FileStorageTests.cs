using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage;

namespace ProductDescriber.Host.Tests.Storage;

[Collection(RadosGatewayCollection.Name)]
public sealed class S3FileStorageTests(RadosGatewayFixture gateway) : FileStorageContractTests, IAsyncLifetime, IDisposable
{
    private readonly AmazonS3Client _client = gateway.CreateClient();
    private readonly HttpClient _http = new();
    private string _bucket = "";
    private S3FileStorage? _storage;

    private protected override IFileStorage Storage => _storage!;

    public async Task InitializeAsync()
    {
        _bucket = await gateway.CreateBucketAsync("contract");
        _storage = new S3FileStorage(_client, _bucket, gateway.Options(_bucket).PartSizeBytes);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }

    protected override async Task AssertNoLeftoversAsync()
    {
        var uploads = await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task A_presigned_url_serves_the_object_without_credentials()
    {
        await Storage.SaveAsync("signed/photo.png", Text("picture"), "image/png", None);
        var url = await Storage.GetDirectReadUrlAsync("signed/photo.png", TimeSpan.FromMinutes(5), None);

        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("picture", await response.Content.ReadAsStringAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_gateway_refuses_an_expired_presigned_url()
    {
        await Storage.SaveAsync("signed/expiring.png", Text("picture"), "image/png", None);
        var url = await Storage.GetDirectReadUrlAsync("signed/expiring.png", TimeSpan.FromSeconds(1), None);

        // Generous: the URL's expiry is in whole seconds and the clocks are the same machine's.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("signed/tampered.png", "signed/other.png")]
    [InlineData("X-Amz-Signature=", "X-Amz-Signature=0")]
    [InlineData("X-Amz-Expires=", "X-Amz-Expires=9")]
    public async Task The_gateway_refuses_a_tampered_presigned_url(string find, string replace)
    {
        await Storage.SaveAsync("signed/tampered.png", Text("picture"), "image/png", None);
        await Storage.SaveAsync("signed/other.png", Text("another picture"), "image/png", None);
        var url = (await Storage.GetDirectReadUrlAsync("signed/tampered.png", TimeSpan.FromMinutes(5), None))!.AbsoluteUri;
        Assert.Contains(find, url);

        using var response = await _http.GetAsync(url.Replace(find, replace, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
