using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProductDescriber.Costs.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the Host.</summary>
internal sealed class CostsDbContextDesignFactory : IDesignTimeDbContextFactory<CostsDbContext>
{
    public CostsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CostsDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time_only", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", CostsDbContext.Schema))
        .UseSnakeCaseNamingConvention()
        .Options);
}
