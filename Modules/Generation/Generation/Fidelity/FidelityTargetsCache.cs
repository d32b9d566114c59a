using System.Collections.Concurrent;

namespace ProductDescriber.Generation.Fidelity;

/// <summary>
/// The fidelity targets of each specification version this Host generated for. A version's YAML never changes (an
/// edit makes a new version), so its targets never do: a job for a version seen before neither reads nor parses the
/// specification again (about 4-6 ms of CPU per job in the jobs bench). Bounded: when full it starts over.
/// </summary>
internal sealed class FidelityTargetsCache
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<long, FidelityTargets> _targets = new();

    /// <summary>The targets of <paramref name="specificationId"/>, from <paramref name="read"/> the first time only.</summary>
    public async Task<FidelityTargets> GetAsync(long specificationId, Func<Task<FidelityTargets?>> read)
    {
        if (_targets.TryGetValue(specificationId, out var known))
        {
            return known;
        }

        // A specification that is gone gives no targets and is not remembered.
        if (await read() is not { } targets)
        {
            return FidelityTargets.None;
        }

        if (_targets.Count >= Capacity)
        {
            _targets.Clear();
        }

        _targets[specificationId] = targets;
        return targets;
    }
}
