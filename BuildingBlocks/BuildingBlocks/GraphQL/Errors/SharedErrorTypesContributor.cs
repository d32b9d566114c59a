using ProductDescriber.BuildingBlocks.GraphQL.Schema;

namespace ProductDescriber.BuildingBlocks.GraphQL.Errors;

/// <summary>Makes the shared error types part of every schema, since fields refer to them only through <c>Error</c>.</summary>
public sealed class SharedErrorTypesContributor : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes =>
        [typeof(ValidationErrorGraphType), typeof(NotFoundErrorGraphType), typeof(ConflictErrorGraphType), typeof(ForbiddenErrorGraphType), typeof(ProductArchivedErrorGraphType),
         typeof(ProviderUnavailableErrorGraphType), typeof(NoReferenceImagesErrorGraphType), typeof(BudgetExceededErrorGraphType)];
}
