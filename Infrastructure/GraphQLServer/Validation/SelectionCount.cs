using GraphQLParser.AST;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// How many field selections a document makes, a fragment's fields counted each time it is spread: the measure of
/// the work validation will do on it. One pass over the text: each fragment is counted once and its count reused
/// for every spread, so a fragment spread 10,000 times or fragments fanning out level by level cost no more to
/// count than to read. Counts stop growing just past the limit, so fan-outs of any size cannot overflow.
/// </summary>
/// <remarks>
/// Validation visits every selection set in the document, fragments no operation spreads included, so those are
/// counted too. A fragment that spreads itself (directly or through others) counts as nothing where it recurs;
/// validation refuses such cycles anyway.
/// </remarks>
internal sealed class SelectionCount
{
    private readonly long _ceiling;
    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
    private readonly Dictionary<GraphQLFragmentDefinition, long> _counted = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<GraphQLFragmentDefinition> _inProgress = new(ReferenceEqualityComparer.Instance);

    private SelectionCount(GraphQLDocument document, long ceiling)
    {
        _ceiling = ceiling;
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            _fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }
    }

    /// <summary>The document's field selections, or <paramref name="limit"/> + 1 when there are more.</summary>
    public static long Of(GraphQLDocument document, int limit)
    {
        var count = new SelectionCount(document, (long)limit + 1);
        var total = 0L;
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            total = count.Add(total, count.Of(operation.SelectionSet));
        }

        // Fragments no operation reached (unused, or only in a cycle): validation still walks them.
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            if (!count._counted.ContainsKey(fragment))
            {
                total = count.Add(total, count.Of(fragment));
            }
        }

        return total;
    }

    private long Of(GraphQLSelectionSet selectionSet)
    {
        var total = 0L;
        foreach (var selection in selectionSet.Selections)
        {
            total = Add(total, selection switch
            {
                GraphQLField field => field.SelectionSet is { } children ? Add(1, Of(children)) : 1,
                GraphQLInlineFragment inline => Of(inline.SelectionSet),
                GraphQLFragmentSpread spread => _fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) ? Of(fragment) : 0,
                _ => 0,
            });
            if (total >= _ceiling)
            {
                break;
            }
        }

        return total;
    }

    private long Of(GraphQLFragmentDefinition fragment)
    {
        if (_counted.TryGetValue(fragment, out var known))
        {
            return known;
        }

        if (!_inProgress.Add(fragment))
        {
            return 0;
        }

        var count = Of(fragment.SelectionSet);
        _inProgress.Remove(fragment);
        _counted[fragment] = count;
        return count;
    }

    private long Add(long a, long b) => Math.Min(a + b, _ceiling);
}
