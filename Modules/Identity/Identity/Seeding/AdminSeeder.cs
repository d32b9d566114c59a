using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity.Seeding;

/// <summary>Creates the first admin when no user of that name exists; never touches an existing one.</summary>
internal sealed partial class AdminSeeder(
    IDbContextFactory<IdentityDbContext> contexts,
    PasswordHasher hasher,
    IOptions<IdentityOptions> options,
    ILogger<AdminSeeder> logger) : IModuleSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var username = settings.AdminUsername.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.Username == username, cancellationToken))
        {
            return;
        }

        var password = settings.AdminPassword ?? IdentityOptions.DevelopmentAdminPassword;
        db.Users.Add(new User
        {
            Username = username,
            Email = settings.AdminEmail.Trim().ToLowerInvariant(),
            PasswordHash = await hasher.HashAsync(password),
            Role = Roles.Admin,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (settings.AdminPassword is null)
        {
            LogDevelopmentAdmin(username, IdentityOptions.DevelopmentAdminPassword);
        }
        else
        {
            LogAdminCreated(username);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeded admin user '{Username}' with the development password '{Password}'. Set ADMIN_PASSWORD for anything but local development.")]
    private partial void LogDevelopmentAdmin(string username, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded admin user '{Username}' with the configured password.")]
    private partial void LogAdminCreated(string username);
}
