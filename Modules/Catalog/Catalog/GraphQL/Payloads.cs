using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.GraphQL;

internal sealed record ProductPayload(ProductInfo? Product, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static ProductPayload Success(ProductInfo product) => new(product, []);

    public static ProductPayload Failure(params PayloadError[] errors) => new(null, errors);
}

internal sealed record DeleteProductPayload(string? DeletedProductId, IReadOnlyList<PayloadError> Errors) : IPayload;

/// <param name="ReferenceImages">The images stored by this call, in the order sent.</param>
internal sealed record UploadReferenceImagesPayload(ProductInfo? Product, IReadOnlyList<ReferenceImageInfo> ReferenceImages, IReadOnlyList<PayloadError> Errors) : IPayload;

/// <param name="Product">The product after the change, with its images in their new order.</param>
internal sealed record ReferenceImagesPayload(ProductInfo? Product, string? DeletedReferenceImageId, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static ReferenceImagesPayload Failure(params PayloadError[] errors) => new(null, null, errors);
}
