using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

namespace ProductDescriber.Specs.Analysis;

/// <summary>
/// <c>analysisRunChanged(runId)</c>: the run as it is now, then at each change, until it is SUCCEEDED or FAILED.
/// State first (LiveState), so a late subscriber, or one whose Host lost the bus for a while, misses nothing.
/// </summary>
internal static class AnalysisRunChanged
{
    public static void AddField(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<AnalysisRunGraphType>, AnalysisRun>("analysisRunChanged")
            .Description("The run's current state at once, then every change of it; ends after SUCCEEDED or FAILED. Works whichever Host runs the job.")
            .Argument<NonNullGraphType<IdGraphType>>("runId", "The run to follow.")
            .ResolveStream(ctx =>
            {
                if (!SpecsIds.TryAnalysisRun(ctx.GetArgument<string>("runId"), out var runId))
                {
                    throw new ExecutionError("No analysis run has this id.") { Code = "NOT_FOUND" };
                }

                var services = ctx.RequestServices!;
                return LiveState.Watch(
                    services.GetRequiredService<IServiceScopeFactory>(),
                    services.GetRequiredService<IEventBus>(),
                    AnalysisRunEvents.Topic(runId),
                    (scope, cancellationToken) => scope.GetRequiredService<AnalysisRuns>().FindAsync(runId, cancellationToken),
                    run => run.IsFinished,
                    RunStateComparer.Instance);
            });

    /// <summary>What counts as a change worth sending: status, attempts and the outcome (not every usage update).</summary>
    private sealed class RunStateComparer : IEqualityComparer<AnalysisRun>
    {
        public static readonly RunStateComparer Instance = new();

        public bool Equals(AnalysisRun? x, AnalysisRun? y) =>
            x is not null && y is not null
            && x.Status == y.Status && x.Attempts == y.Attempts && x.SpecificationId == y.SpecificationId && x.ErrorKind == y.ErrorKind;

        public int GetHashCode(AnalysisRun obj) => HashCode.Combine(obj.Status, obj.Attempts);
    }
}
