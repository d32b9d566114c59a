using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.TestSupport;

/// <summary>
/// The real Host (Program) on a real Kestrel port with its own fresh database: tests talk to it over real HTTP
/// and WebSocket, exactly as clients do.
/// </summary>
public sealed class TestHost : WebApplicationFactory<Program>
{
    public const string SecretKey = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz";
    public const string AdminPassword = "Correct-horse-battery-42";

    private readonly string _connectionString;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private TestHost(string connectionString, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _connectionString = connectionString;
        _settings = settings;
        _services = services;
        UseKestrel(0);
    }

    public string ConnectionString => _connectionString;

    /// <summary>Base URL of the running Kestrel server, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    public Uri GraphQLUrl => new(BaseAddress, "/graphql");

    public Uri WebSocketUrl => new UriBuilder(GraphQLUrl) { Scheme = "ws" }.Uri;

    /// <summary>Starts a Host on a new database (or on <paramref name="connectionString"/>, to share one between Hosts).</summary>
    public static async Task<TestHost> StartAsync(
        string name,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? connectionString = null)
    {
        connectionString ??= await TestDatabase.CreateAsync(name);
        var all = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = connectionString,
            ["SECRET_KEY"] = SecretKey,
            ["ADMIN_PASSWORD"] = AdminPassword,
            ["Identity:BcryptWorkFactor"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = new TestHost(connectionString, all, services);
        host.StartServer();
        return host;
    }

    public GraphQLClient CreateGraphQLClient(string? token = null) => new(CreateClient(), token);

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_settings.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") ?? "Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
