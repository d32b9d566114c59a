using GraphQL.Types;

namespace ProductDescriber.BuildingBlocks.GraphQL.Relay;

/// <summary><c>interface Node { id: ID! }</c>: every entity type implements it.</summary>
public sealed class NodeInterfaceGraphType : InterfaceGraphType
{
    public NodeInterfaceGraphType()
    {
        Name = "Node";
        Description = "An object with a globally unique, opaque id, fetchable through `node(id:)`.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The globally unique id of the object.");
    }
}

/// <summary>
/// Base for entity graph types: names the type, adds the opaque <c>id</c> field and implements <c>Node</c>.
/// </summary>
public abstract class NodeGraphType<TSource> : ObjectGraphType<TSource>
{
    protected NodeGraphType(string typeName, Func<TSource, long> key)
    {
        Name = typeName;
        Interface<NodeInterfaceGraphType>();
        IsTypeOf = value => value is TSource;
        Field<NonNullGraphType<IdGraphType>>("id")
            .Description("The globally unique, opaque id of this object.")
            .Resolve(ctx => GlobalId.Encode(typeName, key(ctx.Source)));
    }
}
