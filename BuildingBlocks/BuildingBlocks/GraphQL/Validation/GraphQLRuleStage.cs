namespace ProductDescriber.BuildingBlocks.GraphQL.Validation;

/// <summary>
/// Where a module's validation rule runs among the GraphQL server's (docs/adr/0021). GraphQL.NET validates in two
/// passes: the first walks the document as written with every rule's pre-node visitor, and only a document that
/// passes it, with its variables and arguments parsed, gets the second, with every post-node visitor. Within a pass
/// all rules run in one walk, in the server's order: that order decides which error comes first on one field, and,
/// for the cost limits that check <c>ValidationContext.HasErrors</c> before they measure, which of them speaks.
/// </summary>
public enum GraphQLRuleStage
{
    /// <summary>
    /// A check of the document as written (a pre-node visitor), e.g. how many times a field may appear. Runs after
    /// the server's authorization, so on a field both refuse, the caller first hears that it may not ask at all.
    /// </summary>
    Document,

    /// <summary>
    /// A limit on what a valid document may cost, read from its parsed arguments (a post-node visitor), e.g. images
    /// asked for times their size. Runs after the server's limits (depth and complexity, introspection size); like
    /// them, measure only when <c>ValidationContext.HasErrors</c> is false, so a document refused by an earlier
    /// limit gets that one error.
    /// </summary>
    Cost,
}
