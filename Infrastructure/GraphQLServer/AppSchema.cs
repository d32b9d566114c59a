using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer;

/// <summary>
/// The one schema, assembled from whatever the modules registered: root fields from every
/// <see cref="IGraphQLContributor"/>, and fields added to other modules' types by <see cref="IGraphTypeExtension"/>
/// (matched by type name as each type initialises). The Host names no module type here.
/// </summary>
internal sealed class AppSchema : Schema
{
    private readonly ILookup<string, IGraphTypeExtension> _extensions;

    public AppSchema(IServiceProvider services, IEnumerable<IGraphQLContributor> contributors, IEnumerable<IGraphTypeExtension> extensions)
        : base(services)
    {
        var all = contributors.ToList();
        _extensions = extensions.ToLookup(e => e.TypeName);

        Query = Build("Query", all, (c, t) => c.ContributeQuery(t))
            ?? throw new InvalidOperationException("No module contributed a query field.");
        Mutation = Build("Mutation", all, (c, t) => c.ContributeMutation(t));
        Subscription = Build("Subscription", all, (c, t) => c.ContributeSubscription(t));
        foreach (var type in all.SelectMany(c => c.AdditionalTypes).Distinct())
        {
            RegisterType(type);
        }
    }

    protected override void OnBeforeInitializeType(IGraphType graphType)
    {
        base.OnBeforeInitializeType(graphType);
        if (graphType is IObjectGraphType objectType)
        {
            foreach (var extension in _extensions[objectType.Name])
            {
                extension.Extend(objectType);
            }
        }
    }

    /// <summary>
    /// An extension whose type name matches no object type of the schema (a typo, a type renamed or removed) would
    /// otherwise add its fields nowhere, silently: refuse the schema instead, naming the extension.
    /// </summary>
    protected override void Validate()
    {
        var lost = _extensions
            .Where(group => AllTypes[group.Key] is not IObjectGraphType)
            .SelectMany(group => group)
            .Select(extension => $"{extension.GetType().FullName} extends type '{extension.TypeName}', which is not an object type of the schema.")
            .ToList();
        if (lost.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", lost));
        }

        base.Validate();
    }

    /// <summary>A root type exists only if some module gave it a field (GraphQL forbids empty object types).</summary>
    private static ObjectGraphType? Build(string name, List<IGraphQLContributor> contributors, Action<IGraphQLContributor, ObjectGraphType> contribute)
    {
        var type = new ObjectGraphType { Name = name };
        foreach (var contributor in contributors)
        {
            contribute(contributor, type);
        }

        return type.Fields.Count > 0 ? type : null;
    }
}
