using ProductDescriber.Generation.Fidelity;

namespace ProductDescriber.Generation.Tests.Fidelity;

/// <summary>A specification version's targets are read once per Host; a missing one is not remembered; the cache stays bounded.</summary>
public sealed class FidelityTargetsCacheTests
{
    private static readonly FidelityTargets Red = new([new FidelityTarget("primary", "#FF0000")], 1.5);

    [Fact]
    public async Task A_version_is_read_once_and_its_targets_served_after()
    {
        var cache = new FidelityTargetsCache();
        var reads = 0;

        var first = await cache.GetAsync(7, () => { reads++; return Task.FromResult<FidelityTargets?>(Red); });
        var second = await cache.GetAsync(7, () => { reads++; return Task.FromResult<FidelityTargets?>(FidelityTargets.None); });

        Assert.Equal((1, Red, Red), (reads, first, second));
    }

    [Fact]
    public async Task A_missing_specification_gives_no_targets_and_is_read_again_next_time()
    {
        var cache = new FidelityTargetsCache();
        var reads = 0;

        var missing = await cache.GetAsync(8, () => { reads++; return Task.FromResult<FidelityTargets?>(null); });
        var found = await cache.GetAsync(8, () => { reads++; return Task.FromResult<FidelityTargets?>(Red); });

        Assert.Equal((2, FidelityTargets.None, Red), (reads, missing, found));
    }

    [Fact]
    public async Task Past_its_capacity_the_cache_starts_over_instead_of_growing()
    {
        var cache = new FidelityTargetsCache();
        for (var id = 0; id <= FidelityTargetsCache.Capacity; id++)
        {
            await cache.GetAsync(id, () => Task.FromResult<FidelityTargets?>(Red));
        }

        var reads = 0;
        await cache.GetAsync(0, () => { reads++; return Task.FromResult<FidelityTargets?>(Red); });
        await cache.GetAsync(FidelityTargetsCache.Capacity, () => { reads++; return Task.FromResult<FidelityTargets?>(Red); });

        Assert.Equal(1, reads); // The first id was dropped when the cache started over; the last one is kept.
    }
}
