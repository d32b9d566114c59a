using Microsoft.EntityFrameworkCore;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Persistence;

namespace ProductDescriber.Identity.Users;

/// <summary>Batched user lookups for other modules and for Identity's own loader: one query per batch.</summary>
internal sealed class UserDirectory(IDbContextFactory<IdentityDbContext> contexts) : IUserDirectory
{
    public async Task<IReadOnlyDictionary<long, UserInfo>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => u.ToInfo());
    }
}
