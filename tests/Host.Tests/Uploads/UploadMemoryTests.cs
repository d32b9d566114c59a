using ProductDescriber.TestSupport;
using SkiaSharp;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests.Uploads;

/// <summary>
/// Uploads stream: while 8 clients each upload a 10 MB photo at once, the Host's resident memory grows by far less
/// than the 80 MB they send. Measured on the Host as its own process (VmHWM, reset after warm-up), not on the test.
/// </summary>
public sealed class UploadMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 8;
    private readonly string _storage = Path.Combine(Path.GetTempPath(), $"pd-upload-memory-{Guid.NewGuid():N}");

    [Fact]
    public async Task Eight_parallel_10_MB_uploads_grow_the_Host_by_well_under_their_total_size()
    {
        var photo = NoisyPng(1600, 1600);
        var database = await TestDatabase.CreateAsync("upload_memory");
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database,
            ["STORAGE_LOCAL_ROOT"] = _storage,
            ["MAX_UPLOAD_SIZE_BYTES"] = (12 * 1024 * 1024).ToString(),
        });
        var url = await host.WaitForUrlAsync(TimeSpan.FromSeconds(90));
        using var client = new GraphQLClient(new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromMinutes(3) });
        await client.LoginAsync("admin", "admin123");
        var products = new List<string>();
        for (var i = 0; i <= Clients; i++)
        {
            var created = await client.QueryAsync("mutation($n: String!) { createProduct(input: {name: $n}) { product { id } } }", new { n = $"Memory {i}" });
            products.Add(created.GetProperty("createProduct").GetProperty("product").GetProperty("id").GetString()!);
        }

        // Warm-up: JIT, pools and the first decode happen before the baseline.
        await UploadAsync(client, products[Clients], photo);
        var baseline = await host.ResetPeakMemoryAsync();

        await Task.WhenAll(products.Take(Clients).Select(product => UploadAsync(client, product, photo)));

        var peak = host.PeakMemory;
        var growth = peak - baseline;
        var total = (long)photo.Length * Clients;
        output.WriteLine($"file {photo.Length / 1e6:F1} MB x {Clients} = {total / 1e6:F1} MB; Host RSS {baseline / 1e6:F1} MB before, peak {peak / 1e6:F1} MB, growth {growth / 1e6:F1} MB ({100.0 * growth / total:F0}% of the files)");
        Assert.True(growth < total / 2, $"The Host grew by {growth / 1e6:F1} MB while receiving {total / 1e6:F1} MB.");
        Assert.Equal(Clients + 1, Directory.EnumerateFiles(_storage, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/~storage/", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }
    }

    /// <summary>Random pixels with random alpha: PNG cannot compress them, so the file is about 4 bytes per pixel.</summary>
    private static byte[] NoisyPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = new byte[width * height * 4];
        Random.Shared.NextBytes(pixels);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task UploadAsync(GraphQLClient client, string productId, byte[] photo)
    {
        var response = await client.PostMultipartAsync(
            "mutation($i: UploadReferenceImagesInput!) { uploadReferenceImages(input: $i) { referenceImages { id } errors { message } } }",
            new { i = new { productId, files = new object?[] { null } } },
            new MultipartFile("variables.i.files.0", "noise.png", photo, "image/png"));
        var payload = response.Data.GetProperty("uploadReferenceImages");
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0 && payload.GetProperty("referenceImages").GetArrayLength() == 1, response.Body);
    }
}
