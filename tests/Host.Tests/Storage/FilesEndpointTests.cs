using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>The <c>/files</c> endpoint over real HTTP with local storage: signed links, caching, ranges, traversal.</summary>
public sealed class FilesEndpointTests : IAsyncLifetime
{
    private const string SecretMarker = "TOP-SECRET-NEXT-TO-THE-ROOT";
    private static readonly byte[] Photo = Encoding.ASCII.GetBytes("\u0089PNG fake photo bytes 0123456789");

    private readonly string _folder = Directory.CreateTempSubdirectory("pd-files-endpoint-").FullName;
    private TestHost _host = null!;
    private HttpClient _http = null!;

    private IFileStorage Storage => _host.GetService<IFileStorage>();

    private FileLinks Links => _host.GetService<FileLinks>();

    public async Task InitializeAsync()
    {
        // A file beside the root and one in the root's parent's parent: what traversal would be after.
        await File.WriteAllTextAsync(Path.Combine(_folder, "secret.txt"), SecretMarker);
        _host = await TestHost.StartAsync(
            nameof(FilesEndpointTests),
            settings: new Dictionary<string, string?> { ["STORAGE_LOCAL_ROOT"] = Path.Combine(_folder, "root") },
            services: services =>
            {
                services.AddSingleton<CountingDerivedFileSource>();
                services.AddSingleton<IDerivedFileSource>(provider => provider.GetRequiredService<CountingDerivedFileSource>());
            });
        _http = _host.CreateClient();
        await Storage.SaveAsync("stasher/refs/photo.png", new MemoryStream(Photo), "image/png", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_signed_link_serves_the_bytes_with_type_length_etag_and_safe_headers()
    {
        var url = _host.GetService<IFileLinks>().CreateUrl("stasher/refs/photo.png");
        Assert.StartsWith("/files/stasher/refs/photo.png?expires=", url);

        using var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Photo, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Photo.Length, response.Content.Headers.ContentLength);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("default-src 'none'; sandbox", Single(response, "Content-Security-Policy"));
        Assert.True(response.Headers.CacheControl!.Private);
        var maxAge = response.Headers.CacheControl.MaxAge!.Value;
        Assert.InRange(maxAge, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(1));
        Assert.Equal("accepted", await AnonymousProbeAsync(url));
    }

    [Fact]
    public void Links_are_stable_for_a_while_and_live_at_least_the_configured_lifetime()
    {
        var before = DateTimeOffset.UtcNow;
        var first = Links.CreateUrl("stasher/refs/photo.png");
        var second = Links.CreateUrl("stasher/refs/photo.png");

        var expires = long.Parse(QueryHelpers.ParseQuery(new Uri("http://x" + first).Query)["expires"]!, CultureInfo.InvariantCulture);
        Assert.True(first == second || Links.CreateUrl("stasher/refs/photo.png") == second, "the same file gets the same URL within a time bucket");
        Assert.True(expires >= (before + TimeSpan.FromMinutes(15)).ToUnixTimeSeconds());
        Assert.NotEqual(first, Links.CreateUrl("stasher/refs/other.png"));
    }

    [Fact]
    public async Task An_expired_link_is_forbidden()
    {
        var url = Links.CreateUrl("stasher/refs/photo.png", DateTimeOffset.UtcNow.AddHours(-1));
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("expires")]
    [InlineData("signature")]
    [InlineData("no signature")]
    [InlineData("no expires")]
    [InlineData("garbage signature")]
    [InlineData("no query")]
    public async Task A_tampered_or_incomplete_link_is_forbidden(string tampering)
    {
        await Storage.SaveAsync("stasher/refs/other.png", new MemoryStream(Photo), "image/png", CancellationToken.None);
        var url = Links.CreateUrl("stasher/refs/photo.png");
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + url).Query);
        var expires = query["expires"].ToString();
        var signature = query["signature"].ToString();
        var flipped = (signature[0] == 'A' ? "B" : "A") + signature[1..];

        var tampered = tampering switch
        {
            "key" => url.Replace("photo.png", "other.png", StringComparison.Ordinal),
            "expires" => url.Replace($"expires={expires}", $"expires={long.Parse(expires, CultureInfo.InvariantCulture) + 3600}", StringComparison.Ordinal),
            "signature" => url.Replace(signature, flipped, StringComparison.Ordinal),
            "no signature" => $"/files/stasher/refs/photo.png?expires={expires}",
            "no expires" => $"/files/stasher/refs/photo.png?signature={signature}",
            "garbage signature" => $"/files/stasher/refs/photo.png?expires={expires}&signature=%%%",
            _ => "/files/stasher/refs/photo.png",
        };

        using var response = await _http.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("PNG fake photo", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_link_to_a_deleted_file_is_not_found()
    {
        await Storage.SaveAsync("stasher/refs/deleted.png", new MemoryStream(Photo), "image/png", CancellationToken.None);
        var url = Links.CreateUrl("stasher/refs/deleted.png");
        await Storage.DeleteAsync("stasher/refs/deleted.png", CancellationToken.None);

        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("..%2fsecret.txt")]
    [InlineData("..%2Fsecret.txt")]
    [InlineData("%2e%2e/secret.txt")]
    [InlineData("%2e%2e%2fsecret.txt")]
    [InlineData("stasher/../../secret.txt")]
    [InlineData("stasher/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("..\\secret.txt")]
    [InlineData("..%5csecret.txt")]
    [InlineData("%252e%252e/secret.txt")]
    [InlineData("/tmp/secret.txt")]
    [InlineData("%2ftmp%2fsecret.txt")]
    [InlineData("~storage/types/stasher/refs/photo.png")]
    [InlineData("%7estorage/types/stasher/refs/photo.png")]
    public async Task Traversal_attempts_never_serve_a_file_outside_the_keys(string rawKey)
    {
        // Signed as the endpoint would see the key, so a missing signature is not what stops it.
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var decoded = Uri.UnescapeDataString(rawKey);
        var target = $"/files/{rawKey}?expires={expires}&signature={Links.Sign(decoded, expires)}";

        var (status, response) = await SocketHttp.GetAsync(_host.BaseAddress, target);

        Assert.NotEqual(200, status);
        Assert.InRange(status, 300, 499);
        Assert.DoesNotContain(SecretMarker, response);
        Assert.DoesNotContain("image/png", response);
    }

    [Fact]
    public async Task Head_answers_the_headers_without_the_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Links.CreateUrl("stasher/refs/photo.png"));
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Photo.Length, response.Content.Headers.ContentLength);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_matching_If_None_Match_gets_304()
    {
        var url = Links.CreateUrl("stasher/refs/photo.png");
        using var first = await _http.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_request_gets_206_with_just_those_bytes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Links.CreateUrl("stasher/refs/photo.png"));
        request.Headers.Range = new RangeHeaderValue(2, 5);

        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Photo[2..6], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 2-5/{Photo.Length}", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task A_missing_derived_file_is_created_once_under_concurrent_requests()
    {
        var source = _host.GetService<CountingDerivedFileSource>();
        var callsBefore = source.Calls;
        var url = Links.CreateUrl("derived/stasher/thumb-256.webp");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _http.GetAsync(url)));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(CountingDerivedFileSource.ContentFor("derived/stasher/thumb-256.webp"), await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        Assert.Equal(callsBefore + 1, source.Calls);
    }

    [Theory]
    [InlineData("derived/orphan/thumb-256.webp")]
    [InlineData("unhandled/thumb-256.webp")]
    public async Task A_missing_file_no_source_can_create_is_not_found(string key)
    {
        using var response = await _http.GetAsync(Links.CreateUrl(key));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.GetValues(header));

    // The endpoint must not want a bearer token: a fresh client with no headers gets the bytes.
    private async Task<string> AnonymousProbeAsync(string url)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        using var response = await client.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? "accepted" : $"refused with {(int)response.StatusCode}";
    }
}
