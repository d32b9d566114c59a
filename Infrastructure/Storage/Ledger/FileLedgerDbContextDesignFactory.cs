using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProductDescriber.Storage.Ledger;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the Host.</summary>
internal sealed class FileLedgerDbContextDesignFactory : IDesignTimeDbContextFactory<FileLedgerDbContext>
{
    public FileLedgerDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<FileLedgerDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time_only", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", FileLedgerDbContext.Schema))
        .UseSnakeCaseNamingConvention()
        .Options);
}
