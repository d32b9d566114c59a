using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs.Persistence;

internal sealed class SpecsDbContext(DbContextOptions<SpecsDbContext> options) : DbContext(options)
{
    public const string Schema = "specs";

    public DbSet<Specification> Specifications => Set<Specification>();

    public DbSet<SpecificationActivation> Activations => Set<SpecificationActivation>();

    public DbSet<AnalysisRun> AnalysisRuns => Set<AnalysisRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        // product_id columns reference catalog.products with ON DELETE CASCADE (declared in the migration: Specs
        // has no Product entity), so deleting a product removes its specifications, activations and runs.
        modelBuilder.Entity<Specification>(spec =>
        {
            spec.ToTable("specifications", table =>
            {
                table.HasCheckConstraint("ck_specifications_version", "version >= 1");
                table.HasCheckConstraint("ck_specifications_source", "source IN ('ANALYSIS', 'EDIT')");
                table.HasCheckConstraint("ck_specifications_confidence_overall", "confidence_overall IS NULL OR confidence_overall BETWEEN 0 AND 1");
            });
            spec.Property(s => s.Id).UseIdentityAlwaysColumn();
            spec.Property(s => s.Source).HasConversion(v => SpecificationSourceColumn.Of(v), v => SpecificationSourceColumn.Parse(v)).HasMaxLength(20);
            spec.Property(s => s.TemplateName).HasMaxLength(100);
            spec.Property(s => s.TemplateVersion).HasMaxLength(20);
            spec.Property(s => s.ChangeNotes).HasMaxLength(2000);
            spec.Property(s => s.MaterialType).HasMaxLength(100);
            spec.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
            spec.Property(s => s.ValidationIssues).IsJsonb().HasDefaultValueSql("'[]'::jsonb");
            spec.Property(s => s.PrimaryDimensions).IsJsonb();
            spec.Property(s => s.PrimaryColors).IsJsonb();
            spec.Property(s => s.FieldConfidences).IsJsonb().HasDefaultValueSql("'{}'::jsonb");
            spec.Ignore(s => s.Derived);
            spec.Ignore(s => s.IsSummary);
            spec.HasIndex(s => new { s.ProductId, s.Version }).IsUnique();

            // At most one active version per product; at least one once a product has versions, by the one code
            // path that writes them (SpecificationVersions).
            spec.HasIndex(s => s.ProductId).IsUnique().HasFilter("is_active").HasDatabaseName("ux_specifications_one_active");

            // An analysis run makes at most one version, however often its job runs.
            spec.HasIndex(s => s.AnalysisRunId).IsUnique().HasFilter("analysis_run_id IS NOT NULL");
            spec.HasOne<AnalysisRun>().WithMany().HasForeignKey(s => s.AnalysisRunId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<SpecificationActivation>(activation =>
        {
            activation.ToTable("specification_activations", table =>
                table.HasCheckConstraint("ck_specification_activations_reason", "reason IN ('CREATED', 'ACTIVATED')"));
            activation.Property(a => a.Id).UseIdentityAlwaysColumn();
            activation.Property(a => a.Reason).HasMaxLength(20);
            activation.Property(a => a.ActivatedAt).HasDefaultValueSql("now()");
            activation.HasOne<Specification>().WithMany().HasForeignKey(a => a.SpecificationId).OnDelete(DeleteBehavior.Cascade);
            activation.HasIndex(a => new { a.ProductId, a.ActivatedAt });
        });

        modelBuilder.Entity<AnalysisRun>(run =>
        {
            run.ToTable("analysis_runs", table =>
            {
                table.HasCheckConstraint("ck_analysis_runs_status", "status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')");
                table.HasCheckConstraint("ck_analysis_runs_attempts", "attempts >= 0");
            });
            run.Property(r => r.Id).UseIdentityAlwaysColumn();
            run.Property(r => r.Status).HasConversion(v => v.ToString().ToUpperInvariant(), v => Enum.Parse<AnalysisStatus>(v, true)).HasMaxLength(20);
            run.Property(r => r.Provider).HasMaxLength(100);
            run.Property(r => r.Model).HasMaxLength(200);
            run.Property(r => r.TemplateName).HasMaxLength(100);
            run.Property(r => r.TemplateVersion).HasMaxLength(20);
            run.Property(r => r.ReferenceImageIds).HasColumnType("bigint[]");
            run.Property(r => r.ErrorKind).HasMaxLength(50);
            run.Property(r => r.ErrorMessage).HasMaxLength(4000);
            run.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
            run.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
            run.Property(r => r.ValidationIssues).IsJsonb().HasDefaultValueSql("'[]'::jsonb");
            run.Ignore(r => r.IsFinished);
            run.HasIndex(r => new { r.ProductId, r.CreatedAt, r.Id });

            // The recovery sweep's question: which runs are not finished?
            run.HasIndex(r => r.CreatedAt).HasFilter("status IN ('PENDING', 'RUNNING')").HasDatabaseName("ix_analysis_runs_unfinished");
        });
    }
}
