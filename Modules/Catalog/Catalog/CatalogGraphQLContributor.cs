using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Catalog.ReferenceImages;

namespace ProductDescriber.Catalog;

/// <summary>
/// Catalog's root fields, one use case each; every use case declares its own field in its own file. The order
/// here is the order of the printed schema.
/// </summary>
internal sealed class CatalogGraphQLContributor : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes =>
        [typeof(SlugTakenErrorGraphType), typeof(InvalidImageErrorGraphType)];

    public void ContributeQuery(ObjectGraphType query)
    {
        FindProduct.AddField(query);
        ListProducts.AddField(query);
    }

    public void ContributeMutation(ObjectGraphType mutation)
    {
        CreateProduct.AddField(mutation);
        UpdateProduct.AddField(mutation);
        ArchiveProduct.AddFields(mutation);
        DeleteProduct.AddField(mutation);
        UploadReferenceImages.AddField(mutation);
        SetPrimaryReferenceImage.AddField(mutation);
        ReorderReferenceImages.AddField(mutation);
        DeleteReferenceImage.AddField(mutation);
    }
}
