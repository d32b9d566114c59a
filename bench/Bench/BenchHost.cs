using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using ProductDescriber.Host;

namespace ProductDescriber.Bench;

/// <summary>
/// The real Host, composed exactly as Program.cs does it, in Production mode with logging at Warning, on a loopback
/// port of its own, plus the plain endpoints on the same Kestrel server, pipeline and database.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string AdminUsername = "admin";

    private readonly WebApplication _app;
    private readonly string? _temporaryDataDirectory;

    private BenchHost(WebApplication app, Uri baseAddress, string adminPassword, string? temporaryDataDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        AdminPassword = adminPassword;
        _temporaryDataDirectory = temporaryDataDirectory;
    }

    public Uri BaseAddress { get; }

    public string AdminPassword { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchHost> StartAsync(BenchOptions options)
    {
        var dataDirectory = options.DatabaseUrl is null
            ? Path.Combine(Path.GetTempPath(), $"product-describer-bench-{Guid.NewGuid():N}")
            : null;
        // An existing database keeps its admin: the caller then passes that admin's password in ADMIN_PASSWORD.
        var adminPassword = Environment.GetEnvironmentVariable("ADMIN_PASSWORD") is { Length: > 0 } configured
            ? configured
            : "Bench-pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            // The Host's appsettings.json is copied next to this tool: the same limits as a real run.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(Settings(options, dataDirectory, adminPassword));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddProductDescriber();
        builder.Services.AddPlainPolicies();

        var app = builder.Build();
        app.UseProductDescriber();
        // Explicit, after UseProductDescriber's UseAuthentication: the framework would otherwise insert it first.
        app.UseAuthorization();
        app.MapPlainEndpoints();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A later start-up step (migrations, seeding) can fail after the private PostgreSQL started: stop it.
            await app.StopAsync();
            await app.DisposeAsync();
            DeleteQuietly(dataDirectory);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, new Uri(address), adminPassword, dataDirectory);
    }

    public async Task<string> PostgresVersionAsync()
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT version()");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        DeleteQuietly(_temporaryDataDirectory);
    }

    private static Dictionary<string, string?> Settings(BenchOptions options, string? dataDirectory, string adminPassword) => new()
    {
        // Empty values hide a DATABASE_URL or connection string of the caller's environment: no flag, no server.
        ["DATABASE_URL"] = options.DatabaseUrl ?? "",
        ["ConnectionStrings:Database"] = "",
        ["Database:DataDirectory"] = dataDirectory,
        ["SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["ADMIN_USERNAME"] = AdminUsername,
        ["ADMIN_PASSWORD"] = adminPassword,
        // Seeding hashes one password per user; the cost is not part of what is measured.
        ["Identity:BcryptWorkFactor"] = "10",
        ["ACCESS_TOKEN_EXPIRE_MINUTES"] = "1440",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    private static void DeleteQuietly(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete the temporary data folder {directory}: {exception.Message}");
        }
    }
}
