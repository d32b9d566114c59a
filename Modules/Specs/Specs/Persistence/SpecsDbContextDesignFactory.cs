using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProductDescriber.Specs.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the Host.</summary>
internal sealed class SpecsDbContextDesignFactory : IDesignTimeDbContextFactory<SpecsDbContext>
{
    public SpecsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SpecsDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time_only", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", SpecsDbContext.Schema))
        .UseSnakeCaseNamingConvention()
        .Options);
}
