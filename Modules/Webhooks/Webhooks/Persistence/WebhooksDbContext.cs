using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Webhooks.Deliveries;
using ProductDescriber.Webhooks.Endpoints;
using ProductDescriber.Webhooks.Events;

namespace ProductDescriber.Webhooks.Persistence;

internal sealed class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options)
{
    public const string Schema = "webhooks";

    public DbSet<WebhookEndpoint> Endpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookEventRecord> Events => Set<WebhookEventRecord>();

    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.ToTable("endpoints");
            endpoint.Property(e => e.Id).UseIdentityAlwaysColumn();
            endpoint.Property(e => e.Url).HasMaxLength(2000);
            endpoint.Property(e => e.Events).HasColumnType("text[]");
            endpoint.Property(e => e.DisabledReason).HasMaxLength(2000);
            endpoint.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
            endpoint.HasIndex(e => e.OwnerId);
        });

        modelBuilder.Entity<WebhookEventRecord>(webhookEvent =>
        {
            webhookEvent.ToTable("events");
            webhookEvent.Property(e => e.Id).UseIdentityAlwaysColumn();
            webhookEvent.Property(e => e.Type).HasMaxLength(50);
            webhookEvent.Property(e => e.SubjectId).HasMaxLength(200);
            webhookEvent.Property(e => e.CreatedAt).HasDefaultValueSql("now()");

            // An end state is raised once, however often its module calls.
            webhookEvent.HasIndex(e => new { e.Type, e.SubjectId }).IsUnique();
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("deliveries", table => table.HasCheckConstraint("ck_deliveries_status", "status IN ('PENDING', 'SUCCEEDED', 'FAILED')"));
            delivery.Property(d => d.Id).UseIdentityAlwaysColumn();
            delivery.Property(d => d.MessageId).HasMaxLength(50);
            delivery.Property(d => d.EventType).HasMaxLength(50);
            delivery.Property(d => d.SubjectId).HasMaxLength(200);
            delivery.Property(d => d.Status).HasConversion(v => v.ToString().ToUpperInvariant(), v => Enum.Parse<DeliveryStatus>(v, true)).HasMaxLength(20);
            delivery.Property(d => d.Attempts).IsJsonb().HasDefaultValueSql("'[]'::jsonb");
            delivery.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasOne<WebhookEventRecord>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);

            // One delivery per event and endpoint: fan-out done twice adds nothing.
            delivery.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();

            // The delivery log, newest first.
            delivery.HasIndex(d => new { d.EndpointId, d.CreatedAt, d.Id });

            // The sweep's question: which deliveries wait for an attempt?
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'PENDING'").HasDatabaseName("ix_deliveries_pending");
        });
    }
}
