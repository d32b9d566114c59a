using System.Net;
using System.Text;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>The <c>/files</c> endpoint with STORAGE_TYPE=s3: links redirect to pre-signed URLs of the real gateway.</summary>
[Collection(RadosGatewayCollection.Name)]
public sealed class S3FilesEndpointTests(RadosGatewayFixture gateway) : IAsyncLifetime
{
    private TestHost _host = null!;
    private HttpClient _http = null!;

    private IFileStorage Storage => _host.GetService<IFileStorage>();

    public async Task InitializeAsync()
    {
        var bucket = await gateway.CreateBucketAsync("endpoint");
        _host = await TestHost.StartAsync(nameof(S3FilesEndpointTests), settings: new Dictionary<string, string?>
        {
            ["STORAGE_TYPE"] = "s3",
            ["STORAGE_BUCKET_NAME"] = bucket,
            ["AWS_ENDPOINT_URL_S3"] = gateway.ServiceUrl,
            ["AWS_ACCESS_KEY_ID"] = gateway.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = gateway.SecretKey,
        });
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_link_redirects_to_a_presigned_url_that_serves_the_bytes()
    {
        await Storage.SaveAsync("stasher/refs/photo.png", new MemoryStream(Encoding.ASCII.GetBytes("s3 photo")), "image/png", CancellationToken.None);

        using var response = await _http.GetAsync(_host.GetService<IFileLinks>().CreateUrl("stasher/refs/photo.png"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(gateway.ServiceUrl, location.AbsoluteUri);
        Assert.Contains("X-Amz-Signature=", location.Query);
        using var direct = new HttpClient();
        using var file = await direct.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("s3 photo", await file.Content.ReadAsStringAsync());
        Assert.Equal("image/png", file.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_link_to_a_missing_object_is_not_found_and_an_expired_one_forbidden()
    {
        var links = _host.GetService<FileLinks>();
        using var missing = await _http.GetAsync(links.CreateUrl("stasher/refs/missing.png"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await Storage.SaveAsync("stasher/refs/old.png", new MemoryStream([1, 2, 3]), "image/png", CancellationToken.None);
        using var expired = await _http.GetAsync(links.CreateUrl("stasher/refs/old.png", DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task S3_without_a_bucket_refuses_to_start_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => ProgramHost.StartAndStopAsync("Development", new Dictionary<string, string?>
        {
            ["STORAGE_TYPE"] = "s3",
            ["AWS_ENDPOINT_URL_S3"] = gateway.ServiceUrl,
        }));
        Assert.Contains("STORAGE_BUCKET_NAME", failure.Message);
    }
}
