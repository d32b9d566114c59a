namespace ProductDescriber.Imaging;

/// <summary>
/// Fits a stored photo within what an AI provider accepts (longest edge, bytes): kept as stored when it fits and is
/// a format every provider reads, else scaled down (WebP when the photo may have transparency, which the offline
/// separation reads; JPEG otherwise), halving the edge until the bytes fit.
/// </summary>
public static class ProviderImageFitting
{
    private static readonly HashSet<string> SentAsStored = ["image/jpeg", "image/png", "image/webp"];

    /// <returns>The bytes to send and their media type.</returns>
    /// <exception cref="InvalidDataException">Not even a 64-pixel version fits in <paramref name="maxBytes"/>.</exception>
    public static async Task<(byte[] Bytes, string MimeType)> FitAsync(
        byte[] original, string mimeType, int width, int height, int maxEdge, long maxBytes, ImageDecodeGate gate, CancellationToken cancellationToken)
    {
        if (Math.Max(width, height) <= maxEdge && original.LongLength <= maxBytes && SentAsStored.Contains(mimeType))
        {
            return (original, mimeType);
        }

        var format = mimeType == "image/jpeg" ? ThumbnailFormat.Jpeg : ThumbnailFormat.WebP;
        var edge = Math.Min(maxEdge, Math.Max(width, height));
        for (var attempt = 0; attempt < 6; attempt++, edge /= 2)
        {
            var longEdge = Math.Max(64, edge);
            var scaled = await gate.RunAsync(
                () =>
                {
                    using var source = new MemoryStream(original, writable: false);
                    using var destination = new MemoryStream();
                    ThumbnailRenderer.Render(source, longEdge, format, destination);
                    return destination.ToArray();
                },
                cancellationToken);
            if (scaled.LongLength <= maxBytes)
            {
                return (scaled, ThumbnailRenderer.MimeType(format));
            }
        }

        throw new InvalidDataException($"The image does not fit in {maxBytes} bytes even scaled down.");
    }
}
