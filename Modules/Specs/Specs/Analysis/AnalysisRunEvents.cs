using System.Globalization;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Specs.Analysis;

/// <summary>
/// The bus topic of one run: its status, published after each committed change. Subscribers re-read the run, so the
/// payload is only a hint and a lost event costs nothing but latency (see LiveState).
/// </summary>
internal static class AnalysisRunEvents
{
    public static string Topic(long runId) => "specs.analysis-run:" + runId.ToString(CultureInfo.InvariantCulture);

    /// <summary>On the run's topic and on its product's activity topic.</summary>
    public static Task PublishAsync(IEventBus bus, AnalysisRun run) =>
        bus.PublishAsync([(Topic(run.Id), run.Status.ToString().ToUpperInvariant()), (ProductActivityTopic.For(run.ProductId), "analysis")], CancellationToken.None);
}
