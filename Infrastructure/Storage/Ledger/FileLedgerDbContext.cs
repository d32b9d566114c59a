using Microsoft.EntityFrameworkCore;

namespace ProductDescriber.Storage.Ledger;

/// <summary>
/// Schema <c>storage</c>, owned by the storage infrastructure: the one ledger of every module's pending file
/// deletions. Modules write it through <see cref="FileLedger"/> on their own connection and transaction; only the
/// ledger and its janitor read it.
/// </summary>
internal sealed class FileLedgerDbContext(DbContextOptions<FileLedgerDbContext> options) : DbContext(options)
{
    public const string Schema = "storage";

    public const string Table = "file_ledger";

    public DbSet<FileLedgerRow> Rows => Set<FileLedgerRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<FileLedgerRow>(row =>
        {
            row.ToTable(Table);
            row.Property(r => r.Id).UseIdentityAlwaysColumn();
            row.Property(r => r.StorageKey).HasMaxLength(1024);
            row.HasIndex(r => r.NotBefore);
            row.HasIndex(r => r.StorageKey);
        });
    }
}
