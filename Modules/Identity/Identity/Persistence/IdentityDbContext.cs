using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity.Persistence;

internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public const string Schema = "identity";

    public DbSet<User> Users => Set<User>();

    public DbSet<LoginThrottleCounter> LoginThrottleCounters => Set<LoginThrottleCounter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users", table =>
            {
                table.HasCheckConstraint("ck_users_role", $"role IN ('{Roles.Admin}', '{Roles.Member}')");
                table.HasCheckConstraint("ck_users_username_lower", "username = lower(username)");
                table.HasCheckConstraint("ck_users_email_lower", "email = lower(email)");
            });
            user.Property(u => u.Id).UseIdentityAlwaysColumn();
            user.Property(u => u.Username).HasMaxLength(50);
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.PasswordHash).HasMaxLength(100);
            user.Property(u => u.Role).HasMaxLength(20);
            user.Property(u => u.SecurityStamp).HasMaxLength(64);
            user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
            user.Property(u => u.UpdatedAt).HasDefaultValueSql("now()");
            user.HasIndex(u => u.Username).IsUnique();
            user.HasIndex(u => u.Email).IsUnique();
        });
        modelBuilder.Entity<LoginThrottleCounter>(counter =>
        {
            counter.ToTable("login_throttle_counters", table =>
            {
                table.HasCheckConstraint("ck_login_throttle_counters_scope", "scope IN ('pair', 'address')");
                table.HasCheckConstraint("ck_login_throttle_counters_key_length", "octet_length(key) = 32");
            });
            // Unlogged: no WAL, so no disk flush per login (about 5 ms less per statement measured here). The price is
            // that a PostgreSQL crash or a failover to a standby forgets the counters, which only restarts the waits.
            counter.IsUnlogged();
            counter.HasKey(c => c.Key);
            counter.Property(c => c.Scope).HasMaxLength(10);
            counter.HasIndex(c => c.ExpiresAt);
        });
    }
}
