using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.TestSupport;

public static class StatementCounts
{
    /// <summary>
    /// The statements one call sends, as <see cref="SqlStatementCounter"/> counts them. The counter is the whole
    /// Host's, and its own work (start-up, sessions) may land inside a window: the fewest of three windows is the
    /// call's own count. A call that does not count its command gives 0, one counted twice 2.
    /// </summary>
    public static async Task<long> FewestOfThreeAsync(this SqlStatementCounter counter, Func<Task> call)
    {
        var fewest = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = counter.Count;
            await call();
            fewest = Math.Min(fewest, counter.Count - before);
        }

        return fewest;
    }
}
