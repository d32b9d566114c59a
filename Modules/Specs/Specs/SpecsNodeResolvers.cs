using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs;

/// <summary>Every signed-in user may read every specification and run (a run's raw reply excepted, by its field).</summary>
internal sealed class SpecificationNodeResolver() : LoaderNodeResolver<SpecificationByIdLoader, Specification>(SpecsGraphTypes.Specification);

internal sealed class AnalysisRunNodeResolver() : LoaderNodeResolver<AnalysisRunByIdLoader, AnalysisRun>(SpecsGraphTypes.AnalysisRun);
