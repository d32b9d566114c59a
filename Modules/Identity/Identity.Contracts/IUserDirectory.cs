namespace ProductDescriber.Identity.Contracts;

/// <summary>Looks users up for other modules (e.g. <c>Product.createdBy</c>), always in batches.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyDictionary<long, UserInfo>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);
}
