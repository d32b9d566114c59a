namespace ProductDescriber.Catalog;

/// <summary>Section <c>Catalog</c>; <c>MAX_IMAGE_PIXELS</c> overrides <see cref="MaxImagePixels"/>.</summary>
internal sealed class CatalogOptions
{
    public int MaxReferenceImagesPerProduct { get; set; } = 20;

    /// <summary>Largest width x height accepted, checked on the header before decoding (a decoded pixel costs 4 bytes).</summary>
    public long MaxImagePixels { get; set; } = 40_000_000;
}
