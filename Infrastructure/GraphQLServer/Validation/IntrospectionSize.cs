using System.Collections;
using GraphQL.Types;
using GraphQLParser.AST;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// How many values (fields and list items) an operation's introspection answer holds, found by walking the
/// document over this schema's real lists: <c>types</c> as many as the schema has, <c>possibleTypes</c> as many as
/// that interface has implementations, and so on. A static estimate would either refuse the IDE's own query or let
/// fan-outs over <c>possibleTypes</c>/<c>interfaces</c> through; the real lists give the answer's size. The walk stops
/// as soon as it passes the budget, so it costs at most the budget however large the answer would have been.
/// </summary>
/// <remarks>
/// An upper bound: deprecated elements and everything a schema filter could hide are counted, <c>@skip</c> and
/// <c>@include</c> are ignored. Runs on a validated document (known fields, no fragment cycles).
/// </remarks>
internal sealed class IntrospectionSize
{
    private static readonly object Unknown = new();

    private readonly ISchema _schema;
    private readonly GraphQLDocument _document;
    private readonly Func<GraphQLField, string?> _typeName;
    private readonly long _budget;
    private readonly Dictionary<GraphQLFragmentSpread, GraphQLFragmentDefinition?> _fragments = new(ReferenceEqualityComparer.Instance);
    private long _values;

    private IntrospectionSize(ISchema schema, GraphQLDocument document, Func<GraphQLField, string?> typeName, long budget)
    {
        (_schema, _document, _typeName, _budget) = (schema, document, typeName, budget);
    }

    /// <summary>The field that could not be sized, when one could not (a field this walk does not know).</summary>
    public string? UnknownField { get; private set; }

    /// <summary>
    /// The introspection values <paramref name="operation"/> answers with, or a number past <paramref name="budget"/>
    /// as soon as the walk exceeds it. <paramref name="typeName"/> gives <c>__type</c>'s <c>name</c> argument.
    /// </summary>
    public static IntrospectionSize Measure(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation, Func<GraphQLField, string?> typeName, long budget)
    {
        var size = new IntrospectionSize(schema, document, typeName, budget);
        if (operation.Operation == OperationType.Query)
        {
            size.Root(operation.SelectionSet);
        }

        return size;
    }

    public long Values => _values;

    public bool Exceeded => _values > _budget || UnknownField is not null;

    /// <summary>The Query root: only <c>__schema</c> and <c>__type</c> lead into introspection.</summary>
    private void Root(GraphQLSelectionSet selectionSet)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField { SelectionSet: { } children } field when field.Name == "__schema":
                    _values++;
                    Select(children, _schema);
                    break;
                case GraphQLField { SelectionSet: { } children } field when field.Name == "__type":
                    _values++;
                    if (_typeName(field) is { } name && _schema.AllTypes[name] is { } type)
                    {
                        Select(children, type);
                    }

                    break;
                case GraphQLInlineFragment inline:
                    Root(inline.SelectionSet);
                    break;
                case GraphQLFragmentSpread spread when Fragment(spread) is { } fragment:
                    Root(fragment.SelectionSet);
                    break;
            }

            if (Exceeded)
            {
                return;
            }
        }
    }

    private void Select(GraphQLSelectionSet selectionSet, object source)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    Field(field, source);
                    break;
                case GraphQLInlineFragment inline:
                    Select(inline.SelectionSet, source);
                    break;
                case GraphQLFragmentSpread spread when Fragment(spread) is { } fragment:
                    Select(fragment.SelectionSet, source);
                    break;
            }

            if (Exceeded)
            {
                return;
            }
        }
    }

    private void Field(GraphQLField field, object source)
    {
        _values++;
        var name = field.Name.StringValue;
        if (field.SelectionSet is not { } children)
        {
            // Leaves are one value each, but for the one list of scalars.
            if (source is Directive directive && name == "locations")
            {
                _values += directive.Locations.Count;
            }

            return;
        }

        switch (Value(source, name))
        {
            case null:
                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    _values++;
                    Select(children, item);
                    if (Exceeded)
                    {
                        return;
                    }
                }

                break;
            case var value when ReferenceEquals(value, Unknown):
                UnknownField = $"{source.GetType().Name}.{name}";
                break;
            case var value:
                Select(children, value);
                break;
        }
    }

    /// <summary>What GraphQL.NET's introspection types answer for an object field (a list, one object or null).</summary>
    private static object? Value(object source, string fieldName) => (source, fieldName) switch
    {
        (ISchema schema, "types") => schema.AllTypes,
        (ISchema schema, "queryType") => schema.Query,
        (ISchema schema, "mutationType") => schema.Mutation,
        (ISchema schema, "subscriptionType") => schema.Subscription,
        (ISchema schema, "directives") => schema.Directives,
        (IGraphType type, "fields") => type is IObjectGraphType or IInterfaceGraphType ? ((IComplexGraphType)type).Fields : null,
        (IGraphType type, "inputFields") => (type as IInputObjectGraphType)?.Fields,
        (IGraphType type, "interfaces") => (type as IImplementInterfaces)?.ResolvedInterfaces,
        (IGraphType type, "possibleTypes") => (type as IAbstractGraphType)?.PossibleTypes,
        (IGraphType type, "enumValues") => (type as EnumerationGraphType)?.Values,
        (IGraphType type, "ofType") => (type as IProvideResolvedType)?.ResolvedType,
        (FieldType field, "args") => field.Arguments ?? Enumerable.Empty<QueryArgument>(),
        (FieldType field, "type") => field.ResolvedType,
        (QueryArgument argument, "type") => argument.ResolvedType,
        (Directive directive, "args") => directive.Arguments ?? Enumerable.Empty<QueryArgument>(),
        _ => Unknown,
    };

    private GraphQLFragmentDefinition? Fragment(GraphQLFragmentSpread spread)
    {
        if (!_fragments.TryGetValue(spread, out var fragment))
        {
            fragment = _document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name == spread.FragmentName.Name);
            _fragments[spread] = fragment;
        }

        return fragment;
    }
}
