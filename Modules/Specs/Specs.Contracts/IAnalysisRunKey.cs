namespace ProductDescriber.Specs.Contracts;

/// <summary>
/// What another module may read of the object behind an <c>AnalysisRun</c> it extends (Costs adds
/// <c>AnalysisRun.cost</c>): its database key.
/// </summary>
public interface IAnalysisRunKey
{
    long Id { get; }
}
