using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.PostgreSQL.EmbeddedCluster;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL.Connection;

/// <summary>
/// First thing the Host does: connect to the configured database, or take over the private PostgreSQL cluster that
/// <see cref="DatabaseLaunch"/> began to start under the data folder when none is configured, and stop it with the
/// Host. Registered first, so it also stops last.
/// </summary>
internal sealed partial class DatabaseStartup(
    DatabaseConnection connection,
    DatabaseLaunch launch,
    StartupTimeline timeline,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    private EmbeddedPostgres? _embedded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (launch.ConfiguredConnectionString is { } configured)
        {
            connection.Open(configured);
            timeline.Mark("database connection configured");
            return;
        }

        _embedded = await launch.TakeAsync(logger, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Private PostgreSQL ready on 127.0.0.1:{Port} (data in {DataDirectory})")]
    private partial void LogEmbeddedReady(int port, string dataDirectory);
}
