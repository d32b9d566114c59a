using Microsoft.Extensions.Options;

namespace ProductDescriber.Storage.Ledger;

/// <summary>
/// Retries file deletions that could not run at once (storage down, process killed) and collects files of uploads
/// that never committed, for every module. Runs every <see cref="StorageOptions.FileJanitorInterval"/> on every
/// Host; rows are claimed with SKIP LOCKED.
/// </summary>
internal sealed class FileJanitor(IServiceProvider services, IOptions<StorageOptions> options, ILogger<FileJanitor> logger) : BackgroundService
{
    private const int BatchSize = 50;

    private readonly TimeSpan _interval = options.Value.FileJanitorInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here rather than injected: hosted services are built before the database is up.
        var deletions = services.GetRequiredService<FileDeletions>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await deletions.RunDueAsync(BatchSize, stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "File cleanup pass failed; retrying in {Interval}", _interval);
            }

            try
            {
                await Task.Delay(_interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
