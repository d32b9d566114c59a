using Microsoft.EntityFrameworkCore;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Catalog.ReferenceImages;

namespace ProductDescriber.Catalog.Persistence;

internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public const string Schema = "catalog";

    /// <summary>Language configuration of the full-text search (stemming: "bottles" finds "bottle").</summary>
    public const string SearchConfiguration = "english";

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ReferenceImage> ReferenceImages => Set<ReferenceImage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products", table =>
            {
                table.HasCheckConstraint("ck_products_slug_format", "slug ~ '^[a-z0-9_-]+$'");
                table.HasCheckConstraint("ck_products_name_not_blank", "btrim(name) <> ''");
                table.HasCheckConstraint("ck_products_tags_count", "cardinality(tags) <= 30");
            });
            product.Property(p => p.Id).UseIdentityAlwaysColumn();
            product.Property(p => p.Name).HasMaxLength(255);
            product.Property(p => p.Slug).HasMaxLength(255);
            product.Property(p => p.Category).HasMaxLength(100);
            product.Property(p => p.Tags).HasColumnType("text[]").HasDefaultValueSql("'{}'::text[]");
            product.Property(p => p.StorageFolder).HasMaxLength(300);
            product.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
            product.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");

            // catalog.tags_text is an IMMUTABLE wrapper of array_to_string (declared in the migration): a stored
            // generated column accepts only immutable expressions.
            product.Property(p => p.SearchVector).HasComputedColumnSql(
                $"setweight(to_tsvector('{SearchConfiguration}', name), 'A') || " +
                $"setweight(to_tsvector('{SearchConfiguration}', coalesce(category, '')), 'B') || " +
                $"setweight(to_tsvector('{SearchConfiguration}', coalesce(catalog.tags_text(tags), '')), 'B') || " +
                $"setweight(to_tsvector('{SearchConfiguration}', coalesce(description, '')), 'C')",
                stored: true);
            product.HasIndex(p => p.Slug).IsUnique();
            product.HasIndex(p => p.StorageFolder).IsUnique();
            product.HasIndex(p => p.SearchVector).HasMethod("gin");
            product.HasIndex(p => p.Tags).HasMethod("gin");
            product.HasIndex(p => p.CreatedAt);
            product.HasIndex(p => p.UpdatedAt);
            product.HasIndex(p => p.CreatedById);
        });

        modelBuilder.Entity<ReferenceImage>(image =>
        {
            image.ToTable("reference_images", table =>
            {
                table.HasCheckConstraint("ck_reference_images_mime_type", "mime_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')");
                table.HasCheckConstraint("ck_reference_images_display_order", "display_order >= 1");
            });
            image.Property(i => i.Id).UseIdentityAlwaysColumn();
            image.Property(i => i.FileName).HasMaxLength(255);
            image.Property(i => i.StorageKey).HasMaxLength(500);
            image.Property(i => i.MimeType).HasMaxLength(50);
            image.Property(i => i.UploadedAt).HasDefaultValueSql("now()");
            image.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
            image.HasIndex(i => i.StorageKey).IsUnique();

            // Exactly one primary per product with images: at most one by this index, at least one by the handlers.
            image.HasIndex(i => i.ProductId).IsUnique().HasFilter("is_primary").HasDatabaseName("ux_reference_images_one_primary");

            // (product_id, display_order) is unique too, as a DEFERRABLE constraint declared in the migration, so a
            // reorder can renumber every row in one statement.
        });
    }
}
