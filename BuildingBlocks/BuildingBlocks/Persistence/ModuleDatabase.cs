using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ProductDescriber.BuildingBlocks.Persistence;

/// <summary>
/// What the Host needs to know of a module's database: its schema and how to migrate it. Modules are migrated in the
/// order they are registered, which is the order of the Host's module list: the dependency direction (Identity,
/// Catalog, Specs, Generation), so a module's foreign keys always find the tables they point to.
/// </summary>
public interface IModuleDatabase
{
    string Schema { get; }

    Task MigrateAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken);
}

public static class ModuleDatabaseRegistration
{
    private const string HistoryTable = "__ef_migrations_history";

    /// <summary>
    /// Registers a module's DbContext on the Host's shared <see cref="NpgsqlDataSource"/> (one connection pool for
    /// the process): a pooled factory for queries and data loaders (one short-lived context each, since resolvers run
    /// in parallel) and a scoped context for mutations, which run one at a time.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string schema)
        where TContext : DbContext
    {
        services.AddPooledDbContextFactory<TContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable(HistoryTable, schema))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(provider.GetRequiredService<SqlStatementCounter>(), NoAutoSavepoints.Instance));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddSingleton<IModuleDatabase>(provider => new ModuleDatabase<TContext>(provider, schema));
        services.AddSingleton<SqlStatementCounter>();
        return services;
    }

    private sealed class ModuleDatabase<TContext>(IServiceProvider provider, string schema) : IModuleDatabase
        where TContext : DbContext
    {
        public string Schema => schema;

        public async Task MigrateAsync(CancellationToken cancellationToken)
        {
            // Nothing to apply (every start but the first after an upgrade): one read of the history table, and no
            // EF context, whose first use per module (its services, its model, Migrate's comparison of the model with
            // the snapshot's) was most of a warm start. EF's check for a forgotten migration still runs whenever a
            // migration is applied, so on every test database (docs/adr/0041).
            if ((await PendingMigrationsAsync(cancellationToken)).Count == 0)
            {
                return;
            }

            await using var context = await Factory.CreateDbContextAsync(cancellationToken);

            // Creating the history table first spares a fresh database EF's logged failure of reading a missing one.
            await context.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
        }

        /// <summary>The module's migrations its history table does not list (all of them when it has none yet).</summary>
        public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
        {
            var applied = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                await using var command = provider.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                    $"SELECT migration_id FROM \"{schema}\".{HistoryTable}");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // A new database: nothing applied.
            }

            return [.. ModuleMigrations.Of(typeof(TContext)).Where(id => !applied.Contains(id))];
        }

        private IDbContextFactory<TContext> Factory => provider.GetRequiredService<IDbContextFactory<TContext>>();
    }
}
