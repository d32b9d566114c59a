using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Migrations;

/// <summary>
/// The modules are migrated in the order of the Host's module list (Host/Modules.cs), and that list is in
/// dependency order: no number passed by a module decides it (docs/adr/0020-module-migration-order.md).
/// </summary>
public sealed class MigrationOrderTests(MigrationOrderTests.RecordingHost fixture) : IClassFixture<MigrationOrderTests.RecordingHost>
{
    // The file ledger's schema (storage is registered before the module list, and Catalog's upgrade writes into it),
    // then the modules' schemas as Host/Modules.cs lists them.
    private static readonly string[] ModuleListOrder = ["storage", "identity", "catalog", "webhooks", "specs", "generation", "costs"];

    [Fact]
    public void The_Host_migrates_the_modules_in_the_order_of_the_module_list()
    {
        Assert.Equal(ModuleListOrder, fixture.Migrated);
        Assert.Equal(ModuleListOrder, fixture.Host.Services.GetServices<IModuleDatabase>().Select(m => m.Schema));
    }

    [Fact]
    public async Task Each_module_s_migrations_were_committed_before_the_next_module_s_began()
    {
        // What the database itself recorded: transaction ids only grow (a fresh database is nowhere near wraparound),
        // so the xmin of each history row tells which module's migrations were written first.
        await using var connection = new NpgsqlConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();
        var spans = new List<(string Schema, long First, long Last)>();
        foreach (var schema in ModuleListOrder)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT min(xmin::text::bigint), max(xmin::text::bigint) FROM \"{schema}\".__ef_migrations_history", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.False(await reader.IsDBNullAsync(0), $"Schema {schema} has no applied migrations.");
            spans.Add((schema, reader.GetInt64(0), reader.GetInt64(1)));
        }

        foreach (var (earlier, later) in spans.Zip(spans.Skip(1)))
        {
            Assert.True(
                earlier.Last < later.First,
                $"{later.Schema}'s first migration (transaction {later.First}) was written before {earlier.Schema}'s last (transaction {earlier.Last}).");
        }
    }

    [Fact]
    public void The_module_list_is_in_dependency_order()
    {
        // The module assemblies in list order, found through the DbContext each module registers.
        var modules = new ServiceCollection().AddModules()
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IDbContextFactory<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0].Assembly)
            .Distinct()
            .ToList();
        Assert.True(modules.Count >= 2, $"Found the modules {string.Join(", ", modules)}.");

        // Catalog uses Identity's Contracts, so the check below has something to catch.
        var catalog = Assert.Single(modules, m => m.GetName().Name == "ProductDescriber.Catalog");
        Assert.Contains(ReferencedNames(catalog), name => name == "ProductDescriber.Identity.Contracts");
        for (var i = 0; i < modules.Count; i++)
        {
            foreach (var later in modules.Skip(i + 1).Select(m => m.GetName().Name!))
            {
                var uses = ReferencedNames(modules[i]).Where(name => name == later || name == later + ".Contracts").ToList();
                Assert.True(uses.Count == 0, $"{modules[i].GetName().Name} uses {string.Join(", ", uses)} but comes before it in Host/Modules.cs.");
            }
        }
    }

    private static IEnumerable<string?> ReferencedNames(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name);

    /// <summary>A Host whose module databases record the order they are migrated in.</summary>
    public sealed class RecordingHost : HostFixture
    {
        private readonly ConcurrentQueue<string> _migrated = new();

        public IReadOnlyList<string> Migrated => [.. _migrated];

        protected override void ConfigureServices(IServiceCollection services)
        {
            // Each module database is wrapped where it stands in the container, so the order stays the Host's own.
            for (var i = 0; i < services.Count; i++)
            {
                if (services[i].ServiceType == typeof(IModuleDatabase))
                {
                    var original = services[i].ImplementationFactory
                        ?? throw new InvalidOperationException("Module databases are registered through a factory.");
                    services[i] = ServiceDescriptor.Singleton<IModuleDatabase>(provider => new Recording((IModuleDatabase)original(provider), _migrated));
                }
            }
        }

        private sealed class Recording(IModuleDatabase inner, ConcurrentQueue<string> migrated) : IModuleDatabase
        {
            public string Schema => inner.Schema;

            public async Task MigrateAsync(CancellationToken cancellationToken)
            {
                migrated.Enqueue(inner.Schema);
                await inner.MigrateAsync(cancellationToken);
            }

            public Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken) => inner.PendingMigrationsAsync(cancellationToken);
        }
    }
}
