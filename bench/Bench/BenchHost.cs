using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using ProductDescriber.Host;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Bench;

/// <summary>
/// The real Host, composed exactly as Program.cs does it, in Production mode with logging at Warning, on a loopback
/// port of its own, plus the plain endpoints on the same Kestrel server, pipeline and database.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string AdminUsername = "admin";

    private readonly WebApplication _app;
    private readonly string?[] _temporaryDirectories;

    private BenchHost(WebApplication app, Uri baseAddress, string adminPassword, string?[] temporaryDirectories)
    {
        _app = app;
        BaseAddress = baseAddress;
        AdminPassword = adminPassword;
        _temporaryDirectories = temporaryDirectories;
    }

    public Uri BaseAddress { get; }

    public string AdminPassword { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchHost> StartAsync(BenchOptions options)
    {
        var dataDirectory = options.DatabaseUrl is null
            ? Path.Combine(Path.GetTempPath(), $"product-describer-bench-{Guid.NewGuid():N}")
            : null;
        // Uploaded photos and specification files: a temporary folder unless the caller names one (with a kept
        // database, so its files stay next to it).
        var temporaryFiles = Environment.GetEnvironmentVariable("STORAGE_LOCAL_ROOT") is { Length: > 0 }
            ? null
            : Path.Combine(Path.GetTempPath(), $"product-describer-bench-files-{Guid.NewGuid():N}");
        string?[] temporary = [dataDirectory, temporaryFiles];
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
        builder.Configuration.AddInMemoryCollection(Settings(options, dataDirectory, temporaryFiles, adminPassword));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddProductDescriber();
        builder.Services.AddPlainPolicies();
        builder.Services.AddSingleton<IAiProvider, InstantImagesProvider>();

        var app = builder.Build();
        app.UseProductDescriber();
        // Explicit, after UseProductDescriber's UseAuthentication: the framework would otherwise insert it first.
        app.UseAuthorization();
        app.MapPlainEndpoints();
        app.MapMemoryEndpoint();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A later start-up step (migrations, seeding) can fail after the private PostgreSQL started: stop it.
            await app.StopAsync();
            await app.DisposeAsync();
            DeleteQuietly(temporary);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, new Uri(address), adminPassword, temporary);
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
        DeleteQuietly(_temporaryDirectories);
    }

    private static Dictionary<string, string?> Settings(BenchOptions options, string? dataDirectory, string? temporaryFiles, string adminPassword) => new()
    {
        // Empty values hide a DATABASE_URL or connection string of the caller's environment: no flag, no server.
        ["DATABASE_URL"] = options.DatabaseUrl ?? "",
        ["ConnectionStrings:Database"] = "",
        ["Database:DataDirectory"] = dataDirectory,
        ["STORAGE_LOCAL_ROOT"] = temporaryFiles ?? Environment.GetEnvironmentVariable("STORAGE_LOCAL_ROOT"),
        ["SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["ADMIN_USERNAME"] = AdminUsername,
        ["ADMIN_PASSWORD"] = adminPassword,
        // Seeding hashes one password per user; the cost is not part of what is measured.
        ["Identity:BcryptWorkFactor"] = "10",
        ["ACCESS_TOKEN_EXPIRE_MINUTES"] = "1440",
        // Generation jobs (scenarios jobs and subscribers): as many run at once as the scheduler has threads, and no
        // setting below that one holds them back. The poll interval only delays jobs scheduled through another Host.
        ["Jobs:WorkerThreads"] = options.JobSlots.ToString(CultureInfo.InvariantCulture),
        ["Jobs:PollInterval"] = "00:00:01",
        ["Generation:MaxConcurrentJobs"] = options.JobSlots.ToString(CultureInfo.InvariantCulture),
        ["Generation:MaxConcurrentJobsPerProvider"] = options.JobSlots.ToString(CultureInfo.InvariantCulture),
        ["Generation:MaxUnfinishedRequestsPerProduct"] = "100",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    private static void DeleteQuietly(string?[] directories)
    {
        foreach (var directory in directories)
        {
            if (directory is null || !Directory.Exists(directory))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not delete the temporary folder {directory}: {exception.Message}");
            }
        }
    }
}
