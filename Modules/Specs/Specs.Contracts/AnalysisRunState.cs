namespace ProductDescriber.Specs.Contracts;

/// <summary>Where an analysis run stands, for a product's activity feed.</summary>
/// <param name="Status">PENDING, RUNNING, SUCCEEDED or FAILED.</param>
public sealed record AnalysisRunState(long Id, long ProductId, string Status, DateTimeOffset UpdatedAt);
