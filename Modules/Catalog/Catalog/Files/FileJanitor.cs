using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.Catalog.Files;

/// <summary>
/// Retries file deletions that could not run at once (storage down, process killed) and collects files of uploads
/// that never committed. Runs every <see cref="Interval"/> on every Host; rows are claimed with SKIP LOCKED.
/// </summary>
internal sealed class FileJanitor(IServiceProvider services, ILogger<FileJanitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here rather than injected: hosted services are built before the database is up.
        var deletions = services.GetRequiredService<FileDeletions>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await deletions.RunDueAsync(limit: 50, stoppingToken) == 50)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "File cleanup pass failed; retrying in {Interval}", Interval);
            }

            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
