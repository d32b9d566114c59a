using Microsoft.EntityFrameworkCore;
using ProductDescriber.Costs.Budgets;
using ProductDescriber.Costs.Ledger;

namespace ProductDescriber.Costs.Persistence;

internal sealed class CostsDbContext(DbContextOptions<CostsDbContext> options) : DbContext(options)
{
    public const string Schema = "costs";

    public DbSet<LedgerEntry> Entries => Set<LedgerEntry>();

    public DbSet<Budget> Budgets => Set<Budget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        // No foreign keys to other modules' tables on purpose: a deleted product, request or user leaves its costs.
        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries", table =>
            {
                table.HasCheckConstraint("ck_ledger_entries_kind", "kind IN ('IMAGE', 'VISION')");
                table.HasCheckConstraint("ck_ledger_entries_priced", "(amount IS NULL) = (currency IS NULL) AND (amount IS NULL) = (unpriced_reason IS NOT NULL)");
                table.HasCheckConstraint("ck_ledger_entries_images", "images >= 0");
            });
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.Property(e => e.IdempotencyKey).HasMaxLength(200);
            entry.Property(e => e.Kind).HasMaxLength(10);
            entry.Property(e => e.Provider).HasMaxLength(100);
            entry.Property(e => e.Model).HasMaxLength(200);
            entry.Property(e => e.Resolution).HasMaxLength(4);
            entry.Property(e => e.Outcome).HasMaxLength(50);
            entry.Property(e => e.Amount).HasPrecision(19, 6);
            entry.Property(e => e.Currency).HasMaxLength(3).IsFixedLength();
            entry.Property(e => e.UnpricedReason).HasMaxLength(500);

            // Exactly one row per paid call, however often the job that made it runs.
            entry.HasIndex(e => e.IdempotencyKey).IsUnique();

            // The cost fields (per object) and the budgets (per user or product, this month).
            entry.HasIndex(e => new { e.ProductId, e.At });
            entry.HasIndex(e => new { e.UserId, e.At });
            entry.HasIndex(e => e.GenerationRequestId).HasFilter("generation_request_id IS NOT NULL");
            entry.HasIndex(e => e.AnalysisRunId).HasFilter("analysis_run_id IS NOT NULL");

            // costReport's period.
            entry.HasIndex(e => e.At);
        });

        modelBuilder.Entity<Budget>(budget =>
        {
            budget.ToTable("budgets", table =>
            {
                table.HasCheckConstraint("ck_budgets_scope", "scope IN ('USER', 'PRODUCT')");
                table.HasCheckConstraint("ck_budgets_limit", "monthly_limit >= 0");
            });
            budget.HasKey(b => new { b.Scope, b.SubjectId });
            budget.Property(b => b.Scope).HasConversion(v => v.ToString().ToUpperInvariant(), v => Enum.Parse<BudgetScope>(v, true)).HasMaxLength(10);
            budget.Property(b => b.MonthlyLimit).HasPrecision(19, 6);
            budget.Property(b => b.Currency).HasMaxLength(3).IsFixedLength();
            budget.Property(b => b.UpdatedAt).HasDefaultValueSql("now()");
            budget.Ignore(b => b.SpentThisMonth);
        });
    }
}
