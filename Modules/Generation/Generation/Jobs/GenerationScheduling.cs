using System.Globalization;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.Generation.Jobs;

/// <summary>
/// Schedules a committed request's job. The request is committed before its job exists; if this process dies in
/// between, or scheduling fails, the recovery sweep schedules it (docs/adr/0024-durable-jobs.md), so a scheduling
/// failure is not the client's failure.
/// </summary>
internal sealed partial class GenerationScheduling(IJobScheduler scheduler, ILogger<GenerationScheduling> logger)
{
    public async Task ScheduleAsync(long requestId)
    {
        try
        {
            await scheduler.ScheduleAsync(GenerationJob.Kind, requestId.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSchedulingDeferred(logger, exception, requestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation request {RequestId} is stored but its job could not be scheduled now; the recovery sweep will schedule it")]
    private static partial void LogSchedulingDeferred(ILogger logger, Exception exception, long requestId);
}
