namespace ProductDescriber.Costs.Contracts;

/// <summary>
/// Names other modules use to refer to Costs' GraphQL types. The ledger and budget seams the modules that pay for
/// provider calls write through are in BuildingBlocks (<c>ProductDescriber.BuildingBlocks.Costs</c>), since those
/// modules come before Costs in the module list.
/// </summary>
public static class CostsGraphTypes
{
    public const string Cost = "Cost";

    public const string Budget = "Budget";
}
