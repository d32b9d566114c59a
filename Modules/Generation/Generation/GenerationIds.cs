using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Contracts;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation;

/// <summary>
/// Generation's global ids, and the ids of other modules' objects it hands out (provenance). A malformed id and an
/// unknown one get the same NotFoundError.
/// </summary>
internal static class GenerationIds
{
    public static readonly NotFoundError ProductNotFound = new("No product has this id.");

    public static readonly NotFoundError RequestNotFound = new("No generation request has this id.");

    public static readonly NotFoundError SpecificationNotFound = new("No specification has this id.");

    public static string Request(long id) => GlobalId.Encode(GenerationGraphTypes.GenerationRequest, id);

    public static string Image(long id) => GlobalId.Encode(GenerationGraphTypes.GeneratedImage, id);

    public static string Product(long id) => GlobalId.Encode(CatalogGraphTypes.Product, id);

    public static string ReferenceImage(long id) => GlobalId.Encode(CatalogGraphTypes.ReferenceImage, id);

    public static string Specification(long id) => GlobalId.Encode(SpecsGraphTypes.Specification, id);

    public static bool TryRequest(string? id, out long key) => GlobalId.TryDecodeLong(id, GenerationGraphTypes.GenerationRequest, out key);

    public static bool TryImage(string? id, out long key) => GlobalId.TryDecodeLong(id, GenerationGraphTypes.GeneratedImage, out key);

    public static bool TryProduct(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.Product, out key);

    public static bool TrySpecification(string? id, out long key) => GlobalId.TryDecodeLong(id, SpecsGraphTypes.Specification, out key);

    public static bool TryReferenceImage(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.ReferenceImage, out key);
}
