using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Imaging;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Specs.Tests.Analysis;

/// <summary>Photos reach a provider within its limits: as many as it takes, no edge or byte count above its maximum.</summary>
public sealed class ImagePreparationTests : IDisposable
{
    private readonly ImageDecodeGate _gate = new();

    [Fact]
    public async Task A_photo_within_the_limits_is_sent_as_stored()
    {
        var jpeg = TestImages.Jpeg(640, 480);
        var photos = new StoredPhotos().Add(1, jpeg, "image/jpeg", 640, 480);

        var prepared = await new ImagePreparation(photos, _gate).PrepareAsync(photos.All, Limits(maxEdge: 1024, maxBytes: 5_000_000), CancellationToken.None);

        var image = Assert.Single(prepared);
        Assert.Equal(jpeg, image.Bytes);
        Assert.Equal("image/jpeg", image.MimeType);
    }

    [Fact]
    public async Task A_larger_photo_is_scaled_to_the_providers_edge_keeping_transparency_capable_formats()
    {
        var photos = new StoredPhotos().Add(1, TestImages.Png(2000, 1500, noise: true), "image/png", 2000, 1500);

        var prepared = await new ImagePreparation(photos, _gate).PrepareAsync(photos.All, Limits(maxEdge: 512, maxBytes: 5_000_000), CancellationToken.None);

        var image = Assert.Single(prepared);
        Assert.Equal("image/webp", image.MimeType);
        using var decoded = EncodedImage.Open(new MemoryStream(image.Bytes))!;
        Assert.Equal(512, Math.Max(decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_photo_too_heavy_for_the_byte_limit_is_scaled_down_until_it_fits()
    {
        var noisy = TestImages.Png(1200, 1200, noise: true);
        var photos = new StoredPhotos().Add(1, noisy, "image/png", 1200, 1200);

        var prepared = await new ImagePreparation(photos, _gate).PrepareAsync(photos.All, Limits(maxEdge: 4096, maxBytes: 60_000), CancellationToken.None);

        Assert.True(Assert.Single(prepared).Bytes.Length <= 60_000);
    }

    [Fact]
    public async Task Only_as_many_photos_as_the_provider_accepts_are_sent_in_the_order_given()
    {
        var photos = new StoredPhotos()
            .Add(7, TestImages.Jpeg(64, 64), "image/jpeg", 64, 64)
            .Add(3, TestImages.Jpeg(64, 64), "image/jpeg", 64, 64)
            .Add(5, TestImages.Jpeg(64, 64), "image/jpeg", 64, 64);

        var prepared = await new ImagePreparation(photos, _gate).PrepareAsync(photos.All, Limits(maxEdge: 1024, maxBytes: 5_000_000, maxImages: 2), CancellationToken.None);

        Assert.Equal([7L, 3L], prepared.Select(p => p.ReferenceImageId));
    }

    public void Dispose() => _gate.Dispose();

    private static AiProviderLimits Limits(int maxEdge, long maxBytes, int maxImages = 10) => new(maxImages, maxEdge, maxBytes, 4);

    /// <summary>Photo bytes as Catalog would hand them out; only the calls ImagePreparation makes are answered.</summary>
    private sealed class StoredPhotos : IProductCatalog
    {
        private readonly Dictionary<long, byte[]> _bytes = [];

        public List<ReferenceImageInfo> All { get; } = [];

        public StoredPhotos Add(long id, byte[] bytes, string mimeType, int width, int height)
        {
            _bytes[id] = bytes;
            All.Add(new ReferenceImageInfo(id, 1, $"{id}.img", $"p/refs/{id}", mimeType, bytes.Length, width, height, All.Count == 0, All.Count + 1, null, DateTimeOffset.UnixEpoch));
            return this;
        }

        public Task<Stream> OpenReferenceImageAsync(ReferenceImageInfo image, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new MemoryStream(_bytes[image.Id], writable: false));

        public Task<ProductInfo?> FindProductAsync(long productId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<long, ProductInfo>> FindProductsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ReferenceImageInfo>> ListReferenceImagesAsync(long productId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<long, IReadOnlyList<ReferenceImageInfo>>> ListReferenceImagesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ReferenceImageInfo?> FindPrimaryImageAsync(long productId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<long, ReferenceImageInfo>> FindPrimaryImagesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
