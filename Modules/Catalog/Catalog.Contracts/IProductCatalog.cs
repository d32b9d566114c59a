namespace ProductDescriber.Catalog.Contracts;

/// <summary>What other modules (Specs, Generation) may read of the catalogue. They never touch Catalog's tables.</summary>
public interface IProductCatalog
{
    /// <summary>The product, archived or not; null when it does not exist.</summary>
    Task<ProductInfo?> FindProductAsync(long productId, CancellationToken cancellationToken);

    /// <summary>The products found among <paramref name="productIds"/>, for batch loaders (one query).</summary>
    Task<IReadOnlyDictionary<long, ProductInfo>> FindProductsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken);

    /// <summary>The product's reference images by display order (the primary is not necessarily first).</summary>
    Task<IReadOnlyList<ReferenceImageInfo>> ListReferenceImagesAsync(long productId, CancellationToken cancellationToken);

    /// <summary>
    /// The reference images of many products, each list in display order (one query). Products without images,
    /// and ids of no product, are absent from the dictionary.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<ReferenceImageInfo>>> ListReferenceImagesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken);

    /// <summary>The product's primary image; null when it has no images.</summary>
    Task<ReferenceImageInfo?> FindPrimaryImageAsync(long productId, CancellationToken cancellationToken);

    /// <summary>
    /// The primary images of many products, by product id (one query). Products without images, and ids of no
    /// product, are absent from the dictionary.
    /// </summary>
    Task<IReadOnlyDictionary<long, ReferenceImageInfo>> FindPrimaryImagesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken);

    /// <summary>The image's bytes; the caller disposes the stream. Throws <see cref="FileNotFoundException"/> when the file is gone.</summary>
    Task<Stream> OpenReferenceImageAsync(ReferenceImageInfo image, CancellationToken cancellationToken);
}

/// <summary>Names other modules use to refer to Catalog's GraphQL types (extensions and global ids).</summary>
public static class CatalogGraphTypes
{
    public const string Product = "Product";

    public const string ReferenceImage = "ReferenceImage";
}
