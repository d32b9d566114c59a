using System.Collections;
using GraphQL.Validation;

namespace ProductDescriber.GraphQLServer.Execution;

/// <summary>
/// Structural equality of coerced variable values (scalars, lists, input objects as dictionaries): two subscribers
/// who sent the same variables as different JSON objects asked the same thing.
/// </summary>
internal static class SameValues
{
    public static bool Equal(Variables? a, Variables? b)
    {
        var left = (a ?? Variables.None).ToList();
        var right = (b ?? Variables.None).ToList();
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var variable in left)
        {
            var other = right.Find(v => string.Equals(v.Name, variable.Name, StringComparison.Ordinal));
            if (other is null || other.ValueSpecified != variable.ValueSpecified || !Equal(variable.Value, other.Value))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (IDictionary<string, object?> x, IDictionary<string, object?> y) =>
            x.Count == y.Count && x.All(pair => y.TryGetValue(pair.Key, out var value) && Equal(pair.Value, value)),
        (IEnumerable x, IEnumerable y) => x.Cast<object?>().SequenceEqual(y.Cast<object?>(), Comparer.Instance),
        _ => a.GetType() == b.GetType() && a.Equals(b),
    };

    private sealed class Comparer : IEqualityComparer<object?>
    {
        public static readonly Comparer Instance = new();

        public new bool Equals(object? x, object? y) => Equal(x, y);

        public int GetHashCode(object? obj) => 0;
    }
}
