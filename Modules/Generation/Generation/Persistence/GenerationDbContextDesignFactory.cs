using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProductDescriber.Generation.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the Host.</summary>
internal sealed class GenerationDbContextDesignFactory : IDesignTimeDbContextFactory<GenerationDbContext>
{
    public GenerationDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<GenerationDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time_only", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", GenerationDbContext.Schema))
        .UseSnakeCaseNamingConvention()
        .Options);
}
