using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ProductDescriber.GraphQLServer;
using ProductDescriber.PostgreSQL;

namespace ProductDescriber.Host;

/// <summary>Tells a developer who just ran the Host where to go and how to log in.</summary>
internal sealed partial class StartupBanner(
    IServer server, IConfiguration configuration, IHostEnvironment environment, IServiceProvider services, ILogger<StartupBanner> logger)
{
    public void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var baseUrl = (addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000")
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal);
        var username = configuration["ADMIN_USERNAME"] ?? configuration["Identity:AdminUsername"] ?? "admin";
        var password = configuration["ADMIN_PASSWORD"] is null && configuration["Identity:AdminPassword"] is null && environment.IsDevelopment()
            ? "admin123"
            : "<ADMIN_PASSWORD>";
        LogBanner(baseUrl + GraphQLServerRegistration.Path, username, password);
        if (services.FindPrivateCluster() is { } cluster)
        {
            LogPrivateCluster(cluster.UrlWithoutPassword, cluster.PasswordFile);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = """
        Product Describer is running.
              GraphQL API and Banana Cake Pop IDE: {GraphQLUrl}
              Log in: mutation {{ login(input: {{ username: "{Username}", password: "{Password}" }}) {{ accessToken }} }}
              then send the header  Authorization: Bearer <accessToken>
        """)]
    private partial void LogBanner(string graphQLUrl, string username, string password);

    // The password itself is never logged: the file is readable by its owner only, a log usually is not.
    [LoggerMessage(Level = LogLevel.Information, Message = """
        Private PostgreSQL cluster, as DATABASE_URL: {DatabaseUrl}
              with <password> from {PasswordFile}
        """)]
    private partial void LogPrivateCluster(string databaseUrl, string passwordFile);
}
