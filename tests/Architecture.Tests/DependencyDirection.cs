using System.Text.RegularExpressions;

namespace ProductDescriber.Architecture.Tests;

/// <summary>
/// Dependencies between modules point one way, Generation -> Specs -> Catalog -> Identity: a module, or its
/// Contracts, may use the Contracts of modules before it in the Host's module list, never of a module after it. The
/// order is written once, in Host/Modules.cs (the list the Host also starts and migrates the modules by), so a new
/// module is checked by taking its place there.
/// </summary>
internal static partial class DependencyDirection
{
    /// <summary>The modules among <paramref name="modules"/> in the order the module list names them.</summary>
    public static IReadOnlyList<string> ModuleList(string modulesSource, IEnumerable<string> modules)
    {
        var known = modules.ToHashSet();
        return [.. ModuleName().Matches(modulesSource).Select(m => m.Groups["name"].Value).Where(known.Contains).Distinct()];
    }

    /// <summary>Every reference against the direction, as a sentence; <paramref name="graph"/> maps assembly names to the names they reference.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyList<string> order, IEnumerable<KeyValuePair<string, IEnumerable<string>>> graph)
    {
        var violations = new List<string>();
        foreach (var (assembly, references) in graph)
        {
            if (Position(order, assembly) is not { } position)
            {
                continue;
            }

            violations.AddRange(references
                .Where(reference => Position(order, reference) > position)
                .Select(reference => $"{assembly} references {reference}, but {ModuleOf(reference)} comes after {ModuleOf(assembly)} in the module list."));
        }

        return violations;
    }

    /// <summary>The module an assembly belongs to: <c>ProductDescriber.Catalog</c> and <c>ProductDescriber.Catalog.Contracts</c> to <c>Catalog</c>.</summary>
    public static string ModuleOf(string assembly)
    {
        var name = assembly.StartsWith(Solution.Prefix, StringComparison.Ordinal) ? assembly[Solution.Prefix.Length..] : assembly;
        return name.EndsWith(".Contracts", StringComparison.Ordinal) ? name[..^".Contracts".Length] : name;
    }

    private static int? Position(IReadOnlyList<string> order, string assembly)
    {
        var index = order.ToList().IndexOf(ModuleOf(assembly));
        return index >= 0 ? index : null;
    }

    // "AddCatalogModule()" as the list reads today, or "CatalogModule" should it become a list of module objects.
    [GeneratedRegex(@"\b(?:Add)?(?<name>[A-Z]\w*?)Module\b")]
    private static partial Regex ModuleName();
}
