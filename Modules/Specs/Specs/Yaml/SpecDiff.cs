namespace ProductDescriber.Specs.Yaml;

/// <summary>One difference between two versions: <see cref="Before"/> is null when the path was added,
/// <see cref="After"/> when it was removed; otherwise both are the value as one line of flow YAML.</summary>
internal sealed record SpecChange(string Path, string? Before, string? After);

/// <summary>
/// The changes between two specifications, at the deepest path where they differ: a changed scalar, or a whole
/// subtree added, removed or replaced by a different kind of value. Order is stable: the earlier version's keys in
/// its order (changed or removed), then keys only the later one has, in its order. Lists are compared item by item
/// by index, so an item inserted at the front shows as changes to every later index: predictable, and specification
/// lists are short.
/// </summary>
internal static class SpecDiff
{
    public static IReadOnlyList<SpecChange> Compare(SpecDocument before, SpecDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<SpecChange>();
        Compare(string.Empty, before.Root, after.Root, changes);
        return changes;
    }

    private static void Compare(string path, SpecNode before, SpecNode after, List<SpecChange> changes)
    {
        switch (before, after)
        {
            case (SpecMapping a, SpecMapping b):
                foreach (var (key, value) in a.Entries)
                {
                    var other = b.Get(key);
                    if (other is null)
                    {
                        changes.Add(new SpecChange(SpecPath.Key(path, key), SpecWriter.Flow(value), null));
                    }
                    else
                    {
                        Compare(SpecPath.Key(path, key), value, other, changes);
                    }
                }

                foreach (var (key, value) in b.Entries.Where(entry => !a.ContainsKey(entry.Key)))
                {
                    changes.Add(new SpecChange(SpecPath.Key(path, key), null, SpecWriter.Flow(value)));
                }

                break;
            case (SpecSequence a, SpecSequence b):
                for (var i = 0; i < Math.Max(a.Items.Count, b.Items.Count); i++)
                {
                    var itemPath = SpecPath.Index(path, i);
                    if (i >= b.Items.Count)
                    {
                        changes.Add(new SpecChange(itemPath, SpecWriter.Flow(a.Items[i]), null));
                    }
                    else if (i >= a.Items.Count)
                    {
                        changes.Add(new SpecChange(itemPath, null, SpecWriter.Flow(b.Items[i])));
                    }
                    else
                    {
                        Compare(itemPath, a.Items[i], b.Items[i], changes);
                    }
                }

                break;
            case (SpecScalar a, SpecScalar b) when a.SameValueAs(b):
                break;
            default:
                changes.Add(new SpecChange(path, SpecWriter.Flow(before), SpecWriter.Flow(after)));
                break;
        }
    }
}
