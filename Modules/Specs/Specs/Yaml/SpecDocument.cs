using System.Text;
using YamlDotNet.Core;

namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// A parsed specification: an immutable tree whose root is a mapping, read under <see cref="YamlLimits"/> and
/// written back in one canonical form (<see cref="SpecWriter"/>).
/// </summary>
internal sealed class SpecDocument
{
    private readonly Lazy<string> canonical;

    private SpecDocument(SpecMapping root)
    {
        Root = root;
        canonical = new Lazy<string>(() => SpecWriter.Block(root));
    }

    public SpecMapping Root { get; }

    /// <summary>
    /// Parses one YAML document as hostile input: the size is checked before parsing; depth, node count,
    /// anchors/aliases and duplicate keys while the parser's events are read; tags are ignored. Returns null
    /// with a <paramref name="problem"/> (code, message, line and column where known) when the text is refused.
    /// </summary>
    public static SpecDocument? TryParse(string text, YamlLimits limits, out YamlProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
        {
            problem = new YamlProblem(YamlProblemCodes.TooLarge, $"The YAML is larger than {limits.MaxBytes} bytes.", null, null);
            return null;
        }

        try
        {
            problem = null;
            return new SpecDocument(BoundedYamlReader.Read(text, limits));
        }
        catch (YamlRefusedException refused)
        {
            problem = refused.Problem;
        }
        catch (YamlException syntax)
        {
            problem = new YamlProblem(YamlProblemCodes.Syntax, syntax.Message, (int)syntax.Start.Line, (int)syntax.Start.Column);
        }

        return null;
    }

    /// <summary>The canonical text: the same document always gives the same text.</summary>
    public string ToYaml() => canonical.Value;

    public SpecNode? Find(string path) => SpecPath.Find(Root, path);

    /// <summary>The scalar at <paramref name="path"/> as text (a number as written); null when the path is missing,
    /// holds null, or holds a mapping or list.</summary>
    public string? Scalar(string path) => (Find(path) as SpecScalar)?.Value;

    /// <summary>Whether the path exists (a key present with a null value counts).</summary>
    public bool Has(string path) => Find(path) is not null;

    /// <summary>Every leaf in document order: scalars (null ones with a null value) and empty collections (as
    /// <c>{}</c> or <c>[]</c>).</summary>
    public IEnumerable<(string Path, string? Value)> Leaves() => Leaves(string.Empty, Root);

    private static IEnumerable<(string Path, string? Value)> Leaves(string path, SpecNode node)
    {
        switch (node)
        {
            case SpecScalar scalar:
                yield return (path, scalar.Value);
                break;
            case SpecMapping { Entries.Count: 0 } when path.Length > 0:
                yield return (path, "{}");
                break;
            case SpecSequence { Items.Count: 0 }:
                yield return (path, "[]");
                break;
            case SpecMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    foreach (var leaf in Leaves(SpecPath.Key(path, key), value))
                    {
                        yield return leaf;
                    }
                }

                break;
            case SpecSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    foreach (var leaf in Leaves(SpecPath.Index(path, i), sequence.Items[i]))
                    {
                        yield return leaf;
                    }
                }

                break;
        }
    }
}
