namespace ProductDescriber.Generation.Prompts;

/// <summary>
/// How sure the analysis was of a field. A confidence kept under a path covers that path and everything below it,
/// so a field is governed by its own confidence and by each of its ancestors'; the lowest one counts, because a
/// section the analysis doubts as a whole cannot vouch for the parts inside it.
/// </summary>
internal static class FieldConfidence
{
    /// <summary>The lowest confidence at <paramref name="path"/> or above it; null when none is given (a free-form
    /// or hand-written document), which the prompt treats as stated.</summary>
    public static double? Governing(IReadOnlyDictionary<string, double> confidences, string path)
    {
        double? lowest = null;
        for (var at = path; at.Length > 0; at = Parent(at))
        {
            if (confidences.TryGetValue(at, out var confidence) && (lowest is null || confidence < lowest))
            {
                lowest = confidence;
            }
        }

        return lowest;
    }

    /// <summary><c>a.b[2].c</c> -> <c>a.b[2]</c> -> <c>a.b</c> -> <c>a</c> -> empty.</summary>
    private static string Parent(string path)
    {
        var cut = path.AsSpan().LastIndexOfAny('.', '[');
        return cut < 0 ? string.Empty : path[..cut];
    }
}
