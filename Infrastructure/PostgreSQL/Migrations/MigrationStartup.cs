using Npgsql;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.EmbeddedCluster;

namespace ProductDescriber.PostgreSQL.Migrations;

/// <summary>
/// Applies every module's migrations in dependency order, then runs the seeders, before the server accepts
/// requests. The dependency order is the order the modules were registered in (the Host's module list), which is
/// the order the container returns them in; no module carries a number of its own. An advisory lock makes Hosts starting together on one database take turns. With
/// <c>--migrate-only</c> the Host stops right after.
/// </summary>
internal sealed partial class MigrationStartup(
    IServiceProvider services,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    StartupTimeline timeline,
    ILogger<MigrationStartup> logger) : IHostedService
{
    /// <summary>Arbitrary but fixed: the advisory lock key shared by every Host of this product.</summary>
    private const long MigrationLockKey = 0x5072_6F64_4465_7363;

    /// <summary>Resolved here, not injected: they need the database, which starts just before this runs.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var modules = services.GetServices<IModuleDatabase>();
        var seeders = services.GetServices<IModuleSeeder>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                foreach (var module in modules)
                {
                    LogMigrating(module.Schema);
                    await module.MigrateAsync(cancellationToken);
                    timeline.Mark($"migrations of schema {module.Schema}");
                }

                foreach (var seeder in seeders)
                {
                    await seeder.SeedAsync(cancellationToken);
                    timeline.Mark($"seed {seeder.GetType().Name}");
                }
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        if (configuration.GetValue<bool>("MigrateOnly"))
        {
            LogMigrateOnly();
            lifetime.StopApplication();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying migrations of schema {Schema}")]
    private partial void LogMigrating(string schema);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations applied; stopping as asked (--migrate-only)")]
    private partial void LogMigrateOnly();
}
