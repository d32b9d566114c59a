using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Specs;

/// <summary>Specs' global ids. A malformed id and an unknown one get the same NotFoundError.</summary>
internal static class SpecsIds
{
    public static readonly NotFoundError ProductNotFound = new("No product has this id.");

    public static readonly NotFoundError SpecificationNotFound = new("No specification has this id.");

    public static string Specification(long id) => GlobalId.Encode(SpecsGraphTypes.Specification, id);

    public static string AnalysisRun(long id) => GlobalId.Encode(SpecsGraphTypes.AnalysisRun, id);

    public static string Product(long id) => GlobalId.Encode(CatalogGraphTypes.Product, id);

    public static bool TryProduct(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.Product, out key);

    public static bool TryReferenceImage(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.ReferenceImage, out key);

    public static bool TrySpecification(string? id, out long key) => GlobalId.TryDecodeLong(id, SpecsGraphTypes.Specification, out key);

    public static bool TryAnalysisRun(string? id, out long key) => GlobalId.TryDecodeLong(id, SpecsGraphTypes.AnalysisRun, out key);
}
