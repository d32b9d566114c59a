using ProductDescriber.BuildingBlocks.GraphQL.Uploads;

namespace ProductDescriber.Catalog.GraphQL;

internal sealed class CreateProductInput
{
    public string Name { get; init; } = "";

    public string? Slug { get; init; }

    public string? Description { get; init; }

    public string? Category { get; init; }

    public List<string?>? Tags { get; init; }
}

/// <summary>
/// A partial update: only the fields present in the input change, and a present <c>null</c> clears a field
/// (which <c>name</c> and <c>slug</c> refuse). Read from the raw input map, since a class cannot tell absent from null.
/// </summary>
internal sealed class UpdateProductInput(IReadOnlyDictionary<string, object?> fields)
{
    public string ProductId => fields.TryGetValue("productId", out var id) ? id as string ?? "" : "";

    public bool Has(string field) => fields.ContainsKey(field);

    public string? String(string field) => fields.TryGetValue(field, out var value) ? value as string : null;

    public List<string?>? Strings(string field) =>
        fields.TryGetValue(field, out var value) && value is IEnumerable<object?> items ? items.Select(i => i as string).ToList() : null;
}

internal sealed class ProductIdInput
{
    public string ProductId { get; init; } = "";
}

internal sealed class UploadReferenceImagesInput
{
    public string ProductId { get; init; } = "";

    public List<IUploadedFile> Files { get; init; } = [];
}

internal sealed class ReferenceImageInput
{
    public string ProductId { get; init; } = "";

    public string ReferenceImageId { get; init; } = "";
}

internal sealed class ReorderReferenceImagesInput
{
    public string ProductId { get; init; } = "";

    public List<string> ReferenceImageIds { get; init; } = [];
}
