using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Generation.Jobs;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>
/// Tells a test when the real generation job has finished an execution for a request, so "its job did nothing" can be
/// checked after the job ran rather than guessed at. The job itself is the Host's own, only wrapped.
/// </summary>
public sealed class JobRuns
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _ended = new();

    /// <summary>Adds the wrapper to a Host's services (after the module's registration, so it is the one resolved).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<JobRuns>();
        services.AddKeyedScoped<IDurableJob>(
            GenerationJob.Kind,
            (provider, _) => new Observed(ActivatorUtilities.CreateInstance<GenerationJob>(provider), provider.GetRequiredService<JobRuns>()));
    }

    /// <summary>Completes when an execution of the request's job has returned (or thrown).</summary>
    public Task EndedAsync(string requestId)
    {
        Assert.True(GenerationIds.TryRequest(requestId, out var id), requestId);
        return Source(id).Task;
    }

    private TaskCompletionSource Source(long id) => _ended.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Observed(GenerationJob job, JobRuns runs) : IDurableJob
    {
        public async Task RunAsync(DurableJobContext context, CancellationToken cancellationToken)
        {
            try
            {
                await job.RunAsync(context, cancellationToken);
            }
            finally
            {
                runs.Source(long.Parse(context.WorkId, CultureInfo.InvariantCulture)).TrySetResult();
            }
        }
    }
}
