using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Catalog;

/// <summary>
/// Fields of Identity's <c>User</c> type (<c>createdBy</c>, <c>uploadedBy</c>), referenced by name: Catalog does not
/// know Identity's graph types, only its contract.
/// </summary>
internal static class UserFields
{
    public static void AddUserField<TSource>(this ObjectGraphType<TSource> type, string name, string description, Func<TSource, long?> userId) =>
        type.AddReferenceField<TSource, CatalogUserLoader, UserInfo>(name, "User", description, userId);
}

/// <summary>Users behind <c>createdBy</c>/<c>uploadedBy</c>, through Identity's contract: one query per batch.</summary>
internal sealed class CatalogUserLoader(IUserDirectory directory) : BatchDataLoader<long, UserInfo>
{
    protected override Task<IReadOnlyDictionary<long, UserInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        directory.FindAsync(keys, cancellationToken);
}
