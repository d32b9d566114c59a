using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.PostgreSQL.EmbeddedCluster;

namespace ProductDescriber.PostgreSQL.Connection;

/// <summary>
/// Which database the Host uses, decided from the settings while its services are registered; without a configured
/// one, the private cluster's start begins right then, so that PostgreSQL's start (initdb too, on a new data folder)
/// runs beside the half second or more the Host spends building its services (docs/adr/0046).
/// <see cref="DatabaseStartup"/> takes the started cluster over and stops it with the Host. A start nobody takes (the
/// Host refused its settings first) is finished and stopped when the process exits, so no server is left running.
/// </summary>
internal sealed partial class DatabaseLaunch
{
    // How long leaving at exit waits for a start under way and then for the stop. The start is not cancelled: a
    // pg_ctl killed mid-start would leave its server running with nobody to stop it.
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    private readonly DeferredLogger _log = new();
    private Task<EmbeddedPostgres>? _embedded;

    private DatabaseLaunch(string? configuredConnectionString) => ConfiguredConnectionString = configuredConnectionString;

    /// <summary>The configured database (DATABASE_URL or ConnectionStrings:Database); null when the Host runs its own.</summary>
    public string? ConfiguredConnectionString { get; }

    public static DatabaseLaunch Begin(IConfiguration configuration, IHostEnvironment environment, StartupTimeline timeline)
    {
        var launch = new DatabaseLaunch(DatabaseConnection.FromConfiguration(configuration));
        if (launch.ConfiguredConnectionString is null)
        {
            var dataDirectory = configuration["Database:DataDirectory"] is { Length: > 0 } folder
                ? Path.GetFullPath(folder)
                : Path.Combine(environment.ContentRootPath, ".data");
            LogStartingEmbedded(launch._log, dataDirectory);
            var options = new EmbeddedPostgresOptions(dataDirectory, Timeline: timeline);
            launch._embedded = Task.Run(() => EmbeddedPostgres.StartAsync(options, launch._log));
            AppDomain.CurrentDomain.ProcessExit += launch.LeaveAtExit;
        }

        return launch;
    }

    /// <summary>
    /// The started private cluster; what its start logged so far, and logs from now on, goes to <paramref name="logger"/>.
    /// Cancelling stops the wait, not the start, which then ends stopped at exit.
    /// </summary>
    public Task<EmbeddedPostgres> TakeAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var embedded = _embedded ?? throw new InvalidOperationException("The Host uses a configured database, not its own.");
        _log.Attach(logger);
        return embedded.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the server this process started, unless the Host already did (stopping twice is a no-op). Blocking is
    /// all an exit handler can do; it happens only on an exit that skipped the Host's own stop.
    /// </summary>
    private void LeaveAtExit(object? sender, EventArgs e)
    {
        try
        {
            if (_embedded!.Wait(ExitWait))
            {
                _embedded.Result.StopAsync().Wait(ExitWait);
            }
        }
        catch (AggregateException)
        {
            // The start failed: there is no server of ours to stop.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No DATABASE_URL set: starting a private PostgreSQL cluster under {DataDirectory}")]
    private static partial void LogStartingEmbedded(ILogger logger, string dataDirectory);
}
