using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Users;

internal sealed class UserByIdLoader(IUserDirectory directory) : BatchDataLoader<long, UserInfo>
{
    protected override Task<IReadOnlyDictionary<long, UserInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        directory.FindAsync(keys, cancellationToken);
}
