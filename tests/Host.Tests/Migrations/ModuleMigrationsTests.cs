using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Migrations;

/// <summary>
/// Start-up tells whether a module's database is current from its history table and the migrations found in its
/// code, without EF (docs/adr/0041): that list must be EF's own, or a migration could be skipped.
/// </summary>
public sealed class ModuleMigrationsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Every_module_s_migrations_are_found_as_EF_finds_them()
    {
        var contextTypes = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("ProductDescriber.", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(DbContext)) && fixture.Host.Services.GetService(typeof(IDbContextFactory<>).MakeGenericType(t)) is not null)
            .ToList();
        Assert.Equal(fixture.Host.Services.GetServices<IModuleDatabase>().Count(), contextTypes.Count);

        foreach (var type in contextTypes)
        {
            var factory = fixture.Host.Services.GetRequiredService(typeof(IDbContextFactory<>).MakeGenericType(type));
            await using var context = (DbContext)factory.GetType().GetMethod(nameof(IDbContextFactory<>.CreateDbContext))!.Invoke(factory, null)!;
            var byEf = context.Database.GetMigrations().ToList();
            Assert.NotEmpty(byEf);
            Assert.Equal(byEf, ModuleMigrations.Of(type));
        }
    }

    [Fact]
    public async Task A_migration_missing_from_the_history_is_pending_and_readiness_says_so()
    {
        var module = fixture.Host.Services.GetServices<IModuleDatabase>().First(m => m.Schema == "costs");
        Assert.Empty(await module.PendingMigrationsAsync(CancellationToken.None));

        await using var connection = new NpgsqlConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM costs.__ef_migrations_history WHERE migration_id = (SELECT max(migration_id) FROM costs.__ef_migrations_history) RETURNING migration_id", connection, transaction))
        {
            var removed = (string)(await delete.ExecuteScalarAsync())!;
            await transaction.CommitAsync();
            Assert.Equal([removed], await module.PendingMigrationsAsync(CancellationToken.None));
            using var http = fixture.Host.CreateClient();
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);

            await using var restore = new NpgsqlCommand("INSERT INTO costs.__ef_migrations_history (migration_id, product_version) VALUES ($1, 'test')", connection);
            restore.Parameters.Add(new NpgsqlParameter { Value = removed });
            await restore.ExecuteNonQueryAsync();
        }

        Assert.Empty(await module.PendingMigrationsAsync(CancellationToken.None));
    }
}
