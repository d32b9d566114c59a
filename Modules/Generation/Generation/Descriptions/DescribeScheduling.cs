using System.Globalization;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.Generation.Descriptions;

/// <summary>
/// Schedules the describe job of an image whose description was committed PENDING. As with requests, a scheduling
/// failure is left to the recovery sweep (<see cref="UndescribedImages"/>): it is neither the picture's failure nor the client's.
/// </summary>
internal sealed partial class DescribeScheduling(IJobScheduler scheduler, ILogger<DescribeScheduling> logger)
{
    public async Task ScheduleAsync(long imageId)
    {
        try
        {
            await scheduler.ScheduleAsync(DescribeImageJob.Kind, imageId.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSchedulingDeferred(logger, exception, imageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated image {ImageId} awaits its description but the job could not be scheduled now; the recovery sweep will schedule it")]
    private static partial void LogSchedulingDeferred(ILogger logger, Exception exception, long imageId);
}
