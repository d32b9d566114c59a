using System.Globalization;
using System.Reflection;

namespace ProductDescriber.Specs.Templates;

/// <summary>
/// The templates shipped with the module: every embedded <c>Templates/{name}-{version}.yaml</c>, read and checked
/// once at construction (a singleton), so a broken template stops the Host at start-up, not a run. A new version
/// is a new file; nothing else changes.
/// </summary>
internal sealed class TemplateCatalog
{
    public const string DefaultName = "product-analysis";
    private const string ResourcePrefix = "ProductDescriber.Specs.Templates.";
    private const string Extension = ".yaml";

    public TemplateCatalog()
        : this(EmbeddedFiles(typeof(TemplateCatalog).Assembly))
    {
    }

    // Private, with a factory for tests: a public constructor taking an IEnumerable would be the one the container
    // picks (it resolves any IEnumerable, as empty), and the catalog would start with no templates.
    private TemplateCatalog(IEnumerable<(string FileName, string Text)> files)
    {
        All = [.. files.Select(file => Load(file.FileName, file.Text))
            .OrderBy(template => template.Name, StringComparer.Ordinal)
            .ThenByDescending(template => VersionParts(template.Version), VersionComparer.Instance)];
        var duplicate = All.GroupBy(template => template.Id, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Template {duplicate.Key} is shipped twice.");
        }

        Default = All.FirstOrDefault(template => template.Name == DefaultName)
            ?? throw new InvalidOperationException($"No {DefaultName} template is shipped.");
    }

    /// <param name="files">file name (<c>product-analysis-1.0.yaml</c>) and text of each template</param>
    public static TemplateCatalog FromFiles(IEnumerable<(string FileName, string Text)> files) => new(files);

    /// <summary>Every template, by name, newest version first.</summary>
    public IReadOnlyList<SpecificationTemplate> All { get; }

    /// <summary>The newest <c>product-analysis</c>.</summary>
    public SpecificationTemplate Default { get; }

    public SpecificationTemplate? Find(string name, string version) =>
        All.FirstOrDefault(template => template.Name == name && template.Version == version);

    private static SpecificationTemplate Load(string fileName, string text)
    {
        var stem = fileName.EndsWith(Extension, StringComparison.Ordinal) ? fileName[..^Extension.Length] : fileName;
        var dash = stem.LastIndexOf('-');
        var version = dash < 0 ? string.Empty : stem[(dash + 1)..];
        if (dash <= 0 || VersionParts(version) is null)
        {
            throw new InvalidOperationException($"Template file '{fileName}' is not named {{name}}-{{version}}.yaml with a version such as 1.0.");
        }

        return SpecificationTemplate.Load(stem[..dash], version, text);
    }

    private static IEnumerable<(string FileName, string Text)> EmbeddedFiles(Assembly assembly)
    {
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(Extension, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource[ResourcePrefix.Length..], reader.ReadToEnd());
        }
    }

    /// <summary>"1.10" -> [1, 10]; null unless dot-separated whole numbers.</summary>
    private static int[]? VersionParts(string version)
    {
        var parts = version.Split('.');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }

    private sealed class VersionComparer : IComparer<int[]?>
    {
        public static VersionComparer Instance { get; } = new();

        public int Compare(int[]? x, int[]? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                var order = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }
    }
}
