using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage.Ledger;

/// <summary>The ledger's table, <see cref="IFileLedger"/> and the janitor; part of <see cref="FileStorageRegistration.AddFileStorage"/>.</summary>
internal static class FileLedgerRegistration
{
    public static IServiceCollection AddFileLedger(this IServiceCollection services)
    {
        // Migrated before every module (databases migrate in registration order, and the Host adds storage before the
        // module list): Catalog's move of its old pending deletions writes into this table.
        services.AddModuleDbContext<FileLedgerDbContext>(FileLedgerDbContext.Schema);
        services.AddSingleton<FileDeletions>();
        services.AddSingleton<IFileLedger, FileLedger>();
        services.AddHostedService<FileJanitor>();
        return services;
    }
}
