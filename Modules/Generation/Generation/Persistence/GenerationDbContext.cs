using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Persistence;

internal sealed class GenerationDbContext(DbContextOptions<GenerationDbContext> options) : DbContext(options)
{
    public const string Schema = "generation";

    public DbSet<GenerationRequest> Requests => Set<GenerationRequest>();

    public DbSet<GalleryImage> Images => Set<GalleryImage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        // product_id columns reference catalog.products with ON DELETE CASCADE (declared in the migration:
        // Generation has no Product entity), so deleting a product removes its requests and images.
        modelBuilder.Entity<GenerationRequest>(request =>
        {
            request.ToTable("generation_requests", table =>
            {
                table.HasCheckConstraint("ck_generation_requests_status", "status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED')");
                table.HasCheckConstraint("ck_generation_requests_count", "count BETWEEN 1 AND 8");
                table.HasCheckConstraint("ck_generation_requests_images_done", "images_done BETWEEN 0 AND count");
                table.HasCheckConstraint("ck_generation_requests_resolution", "resolution IN ('1K', '2K', '4K')");
            });
            request.Property(r => r.Id).UseIdentityAlwaysColumn();
            request.Property(r => r.Status).HasConversion(v => v.ToString().ToUpperInvariant(), v => Enum.Parse<GenerationStatus>(v, true)).HasMaxLength(20);
            request.Property(r => r.IdempotencyKey).HasMaxLength(200);
            request.Property(r => r.AspectRatio).HasMaxLength(10);
            request.Property(r => r.Resolution).HasMaxLength(4);
            request.Property(r => r.Seed).HasMaxLength(100);
            request.Property(r => r.Provider).HasMaxLength(100);
            request.Property(r => r.DescribeProvider).HasMaxLength(100);
            request.Property(r => r.Model).HasMaxLength(200);
            request.Property(r => r.PromptSha256).HasMaxLength(64).IsFixedLength();
            request.Property(r => r.ReferenceImageIds).HasColumnType("bigint[]");
            request.Property(r => r.UncertainFields).HasColumnType("text[]");
            request.Property(r => r.ErrorKind).HasMaxLength(50);
            request.Property(r => r.ErrorMessage).HasMaxLength(4000);
            request.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
            request.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
            request.Property(r => r.Failures).IsJsonb().HasDefaultValueSql("'[]'::jsonb");
            request.Ignore(r => r.IsFinished);

            // Product.generations, newest first, keyset-paged.
            request.HasIndex(r => new { r.ProductId, r.CreatedAt, r.Id });

            // The same key from the same user is the same request (a retried submit never pays twice).
            request.HasIndex(r => new { r.RequestedById, r.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");

            // The recovery sweep's question: which requests are not finished?
            request.HasIndex(r => r.CreatedAt).HasFilter("status IN ('PENDING', 'RUNNING')").HasDatabaseName("ix_generation_requests_unfinished");
            request.HasOne<GenerationRequest>().WithMany().HasForeignKey(r => r.RegeneratedFromId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<GalleryImage>(image =>
        {
            image.ToTable("generated_images", table =>
            {
                table.HasCheckConstraint("ck_generated_images_index", "index BETWEEN 0 AND 7");
                table.HasCheckConstraint("ck_generated_images_size", "width > 0 AND height > 0 AND size_bytes > 0");
                table.HasCheckConstraint("ck_generated_images_description_status", "description_status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')");
            });
            image.Property(i => i.Id).UseIdentityAlwaysColumn();
            image.Property(i => i.StorageKey).HasMaxLength(500);
            image.Property(i => i.MimeType).HasMaxLength(50);
            image.Property(i => i.Model).HasMaxLength(200);
            image.Property(i => i.ModelText).HasMaxLength(8000);
            image.Property(i => i.DigitalSourceType).HasMaxLength(200);
            image.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
            image.Property(i => i.Fidelity).IsJsonb();
            image.Property(i => i.Description).IsJsonb();
            image.Property(i => i.DescriptionStatus).HasMaxLength(10);
            image.HasOne<GenerationRequest>().WithMany().HasForeignKey(i => i.RequestId).OnDelete(DeleteBehavior.Cascade);

            // At most one image per index of a request, however often its job runs.
            image.HasIndex(i => new { i.RequestId, i.Index }).IsUnique();

            // Product.gallery, newest first, keyset-paged; the stale filter adds a version bound.
            image.HasIndex(i => new { i.ProductId, i.CreatedAt, i.Id });
            image.HasIndex(i => new { i.ProductId, i.SpecificationVersion });

            // The recovery sweep's question for describe jobs: which descriptions are not finished?
            image.HasIndex(i => i.CreatedAt).HasFilter("description_status IN ('PENDING', 'RUNNING')").HasDatabaseName("ix_generated_images_undescribed");
        });
    }
}
