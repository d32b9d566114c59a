using ProductDescriber.BuildingBlocks.Storage.Thumbnails;
using ProductDescriber.Imaging;

namespace ProductDescriber.BuildingBlocks.Tests;

/// <summary>The one thumbnail key scheme: beside the original, in <c>thumbs/</c>, named by stem, size and format.</summary>
public sealed class ThumbnailKeysTests
{
    [Theory]
    [InlineData("stasher/refs/0123456789abcdef0123456789abcdef.png", 256, ThumbnailFormat.WebP, "stasher/refs/thumbs/0123456789abcdef0123456789abcdef-256.webp")]
    [InlineData("stasher/generated/2026/12/42_3.jpg", 64, ThumbnailFormat.Jpeg, "stasher/generated/2026/12/thumbs/42_3-64.jpg")]
    public void A_thumbnail_sits_beside_its_original_and_reads_back_to_it(string original, int size, ThumbnailFormat format, string expected)
    {
        var key = ThumbnailKeys.For(original, size, format);

        Assert.Equal(expected, key);
        Assert.StartsWith(ThumbnailKeys.DerivedPrefix(original), key, StringComparison.Ordinal);
        Assert.True(ThumbnailKeys.TryParse(key, out var parsed));
        Assert.Equal((size, format), (parsed.Size, parsed.Format));
        Assert.Equal(original[..original.LastIndexOf('.')], $"{parsed.Folder}/{parsed.Stem}");
        Assert.True(parsed.IsOf(original));
        Assert.False(parsed.IsOf(original.Replace("/2026/", "/2025/", StringComparison.Ordinal).Replace("/refs/", "/other/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("stasher/refs/thumbs/abc-100.webp")]
    [InlineData("stasher/refs/thumbs/abc-256.png")]
    [InlineData("stasher/refs/abc-256.webp")]
    [InlineData("stasher/refs/thumbs/a.b-256.webp")]
    [InlineData("thumbs/abc-256.webp")]
    public void Keys_of_no_fixed_size_or_format_or_outside_a_thumbs_folder_are_not_thumbnails(string key) =>
        Assert.False(ThumbnailKeys.TryParse(key, out _));

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, 64)]
    [InlineData(100, 128)]
    [InlineData(1024, 1024)]
    [InlineData(1025, null)]
    public void Requested_sizes_snap_up_to_a_fixed_one(int requested, int? expected) => Assert.Equal(expected, ThumbnailSizes.Snap(requested));
}
