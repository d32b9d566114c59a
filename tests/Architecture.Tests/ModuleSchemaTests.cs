using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.Architecture.Tests;

/// <summary>
/// One schema per module, named after it (ARCHITECTURE.md, "Data"): each module's DbContext maps its tables, views
/// and sequences there, keeps its migration history there, and its migrations create and change things only there.
/// The contexts come from the Host's own registrations, on a data source that never connects. Raw SQL in migrations
/// is not read; a foreign key may point into another module's schema (along the dependency direction).
/// </summary>
public sealed class ModuleSchemaTests
{
    [Fact]
    public async Task Each_module_maps_its_entities_migrations_and_their_history_to_its_own_schema()
    {
        await using var neverConnected = NpgsqlDataSource.Create("Host=127.0.0.1;Port=9;Database=never_connected");
        await using var app = HostServices.Build(services => services.AddSingleton(neverConnected));
        var contexts = Solution.Modules.Concat(Solution.Infrastructure).SelectMany(m => m.GetTypes()).Where(t => t.IsSubclassOf(typeof(DbContext)) && !t.IsAbstract).ToList();
        Assert.Contains(contexts, c => ExpectedSchema(c) == "identity");
        Assert.Contains(contexts, c => ExpectedSchema(c) == "catalog");
        Assert.Contains(contexts, c => ExpectedSchema(c) == "storage");
        Assert.Equal(contexts.Select(ExpectedSchema).Order(), app.Services.GetServices<IModuleDatabase>().Select(d => d.Schema).Order());

        foreach (var contextType in contexts)
        {
            await using var context = Create(app.Services, contextType);
            var elsewhere = MappedSchemas(context)
                .Where(mapped => mapped.Schema != ExpectedSchema(contextType))
                .Select(mapped => $"{mapped.What} in schema '{mapped.Schema ?? "(none)"}'")
                .ToList();
            Assert.True(elsewhere.Count == 0, $"{contextType.Name} maps outside schema '{ExpectedSchema(contextType)}': {string.Join("; ", elsewhere)}");
        }
    }

    /// <summary>
    /// The module's name in lower case (Catalog's schema is <c>catalog</c>); for infrastructure that keeps tables
    /// (the file ledger), the project's name (<c>storage</c>).
    /// </summary>
    private static string ExpectedSchema(Type contextType) => Solution.IsInfrastructure(contextType.Assembly)
        ? contextType.Assembly.GetName().Name![Solution.Prefix.Length..].ToLowerInvariant()
        : DependencyDirection.ModuleOf(contextType.Assembly.GetName().Name!).ToLowerInvariant();

    private static DbContext Create(IServiceProvider services, Type contextType)
    {
        var factoryType = typeof(IDbContextFactory<>).MakeGenericType(contextType);
        var factory = services.GetRequiredService(factoryType);
        return (DbContext)factoryType.GetMethod(nameof(IDbContextFactory<DbContext>.CreateDbContext))!.Invoke(factory, null)!;
    }

    private static IEnumerable<(string What, string? Schema)> MappedSchemas(DbContext context)
    {
        foreach (var entity in context.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table)
            {
                yield return ($"table {table} of {entity.DisplayName()}", entity.GetSchema());
            }

            if (entity.GetViewName() is { } view)
            {
                yield return ($"view {view} of {entity.DisplayName()}", entity.GetViewSchema());
            }
        }

        foreach (var sequence in context.Model.GetSequences())
        {
            yield return ($"sequence {sequence.Name}", sequence.Schema);
        }

        var history = RelationalOptionsExtension.Extract(context.GetService<IDbContextOptions>());
        yield return ($"migration history table {history.MigrationsHistoryTableName}", history.MigrationsHistoryTableSchema);

        var migrations = context.GetService<IMigrationsAssembly>();
        Assert.NotEmpty(migrations.Migrations);
        foreach (var type in migrations.Migrations.Values)
        {
            var migration = migrations.CreateMigration(type, context.Database.ProviderName!);
            foreach (var operation in migration.UpOperations.Concat(migration.DownOperations))
            {
                foreach (var schema in SchemasChangedBy(operation))
                {
                    yield return ($"{operation.GetType().Name} of migration {type.Name}", schema);
                }
            }
        }
    }

    /// <summary>Where an operation creates or changes something: its <c>Schema</c> (and <c>NewSchema</c>), or the schema it ensures or drops.</summary>
    private static IEnumerable<string?> SchemasChangedBy(MigrationOperation operation) => operation switch
    {
        EnsureSchemaOperation ensure => [ensure.Name],
        DropSchemaOperation drop => [drop.Name],
        SqlOperation => [],
        _ => operation.GetType().GetProperties()
            .Where(p => p.Name is "Schema" or "NewSchema" && p.PropertyType == typeof(string))
            .Select(p => (string?)p.GetValue(operation)),
    };
}
