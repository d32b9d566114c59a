namespace ProductDescriber.Specs.Contracts;

/// <summary>What other modules (Generation) may read of a product's specifications. They never touch Specs' tables.</summary>
public interface ISpecificationCatalog
{
    /// <summary>The product's active specification, parsed; null when it has none.</summary>
    Task<SpecificationInfo?> FindActiveAsync(long productId, CancellationToken cancellationToken);

    /// <summary>A specification by id, active or not; null when it does not exist.</summary>
    Task<SpecificationInfo?> FindAsync(long specificationId, CancellationToken cancellationToken);

    /// <summary>The product's analysis runs that are unfinished or changed at or after <paramref name="changedSince"/>, oldest first (at most 100).</summary>
    Task<IReadOnlyList<AnalysisRunState>> ListRunActivityAsync(long productId, DateTimeOffset changedSince, CancellationToken cancellationToken);
    /// <summary>
    /// The active version number of each of <paramref name="productIds"/> (one query, no YAML read), for batch
    /// loaders such as Generation's stale-image checks. Products without a specification are absent.
    /// </summary>
    Task<IReadOnlyDictionary<long, int>> FindActiveVersionsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken);
}

/// <summary>Names other modules use to refer to Specs' GraphQL types (extensions and global ids).</summary>
public static class SpecsGraphTypes
{
    public const string Specification = "Specification";

    public const string AnalysisRun = "AnalysisRun";
}
