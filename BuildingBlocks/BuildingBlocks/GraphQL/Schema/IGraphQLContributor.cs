using GraphQL.Types;

namespace ProductDescriber.BuildingBlocks.GraphQL.Schema;

/// <summary>
/// A module's share of the one schema. The Host finds every implementation in DI and lets it add root fields,
/// so adding a module never means editing the Host's schema.
/// </summary>
public interface IGraphQLContributor
{
    void ContributeQuery(ObjectGraphType query) { }

    void ContributeMutation(ObjectGraphType mutation) { }

    void ContributeSubscription(ObjectGraphType subscription) { }

    /// <summary>Types reachable only through an interface (payload errors, node types) must be named here.</summary>
    IEnumerable<Type> AdditionalTypes => [];
}

/// <summary>
/// Adds fields to an object type owned by another module, matched by GraphQL type name so that the extending
/// module never references the owner's graph type classes (e.g. Specs adds <c>Product.activeSpecification</c>).
/// </summary>
public interface IGraphTypeExtension
{
    string TypeName { get; }

    void Extend(IObjectGraphType type);
}
