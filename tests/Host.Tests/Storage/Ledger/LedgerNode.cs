using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Storage;
using ProductDescriber.Storage.Ledger;

namespace ProductDescriber.Host.Tests.Storage.Ledger;

/// <summary>
/// What one Host holds of the file ledger (its services over its own connection pool), without the rest of the Host,
/// so a test drives the janitor's passes itself and can run two of them against one database.
/// </summary>
internal sealed class LedgerNode : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ServiceProvider _services;

    public LedgerNode(string connectionString, IFileStorage storage, TimeProvider clock)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_dataSource);
        services.AddSingleton(clock);
        services.AddSingleton(storage);
        services.Configure<StorageOptions>(_ => { });
        services.AddFileLedger();
        _services = services.BuildServiceProvider();
    }

    public IFileLedger Ledger => _services.GetRequiredService<IFileLedger>();

    /// <summary>One pass of the janitor's work: carries out due entries; returns how many it claimed.</summary>
    public Task<int> SweepAsync(int limit = 50) => _services.GetRequiredService<FileDeletions>().RunDueAsync(limit, CancellationToken.None);

    public Task MigrateAsync() => _services.GetServices<IModuleDatabase>().Single().MigrateAsync(CancellationToken.None);

    /// <summary>A module's own DbContext: the ledger only ever sees its connection and transaction.</summary>
    public DbContext ModuleContext() => new(new DbContextOptionsBuilder<DbContext>().UseNpgsql(_dataSource).Options);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
