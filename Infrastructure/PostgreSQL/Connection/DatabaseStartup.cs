using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.PostgreSQL.EmbeddedCluster;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL.Connection;

/// <summary>
/// First thing the Host does: connect to the configured database, or start (and later stop) a private PostgreSQL
/// cluster under the data folder when none is configured. Registered first, so it also stops last.
/// </summary>
internal sealed partial class DatabaseStartup(
    DatabaseConnection connection,
    IConfiguration configuration,
    IHostEnvironment environment,
    StartupTimeline timeline,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    private EmbeddedPostgres? _embedded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (DatabaseConnection.FromConfiguration(configuration) is { } configured)
        {
            connection.Open(configured);
            timeline.Mark("database connection configured");
            return;
        }

        var dataDirectory = configuration["Database:DataDirectory"] is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(environment.ContentRootPath, ".data");
        LogStartingEmbedded(dataDirectory);
        _embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(dataDirectory, Timeline: timeline), logger, cancellationToken);
        connection.Open(_embedded.ConnectionString);
        connection.PrivateCluster = new PrivateClusterAddress(_embedded.UrlWithoutPassword, _embedded.PasswordFile);
        LogEmbeddedReady(_embedded.Port, _embedded.DataDirectory);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_embedded is not null)
        {
            await _embedded.StopAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No DATABASE_URL set: starting a private PostgreSQL cluster under {DataDirectory}")]
    private partial void LogStartingEmbedded(string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Private PostgreSQL ready on 127.0.0.1:{Port} (data in {DataDirectory})")]
    private partial void LogEmbeddedReady(int port, string dataDirectory);
}
