using System.Reflection;

namespace ProductDescriber.Architecture.Tests;

/// <summary>The assemblies of the solution, found from the Host's references so new modules are covered without edits.</summary>
internal static class Solution
{
    public const string Prefix = "ProductDescriber.";

    public static Assembly Host => typeof(Program).Assembly;

    public static Assembly BuildingBlocks => typeof(ProductDescriber.BuildingBlocks.GraphQL.Relay.GlobalId).Assembly;

    /// <summary>The part of BuildingBlocks that Contracts may reference: the BCL and nothing heavier.</summary>
    public static Assembly Primitives => typeof(ProductDescriber.BuildingBlocks.Events.IEventBus).Assembly;

    /// <summary>Every ProductDescriber assembly the Host loads, transitively.</summary>
    public static IReadOnlyList<Assembly> All { get; } = Load();

    /// <summary>Module implementation assemblies: named like a module, not Contracts, not shared.</summary>
    public static IEnumerable<Assembly> Modules => All.Where(a =>
        a != Host && !IsBuildingBlock(a) && !a.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal) && !IsProvider(a) && !IsInfrastructure(a));

    /// <summary>What modules compile against: BuildingBlocks, its primitives and the shared libraries beside them.</summary>
    public static IEnumerable<Assembly> BuildingBlockAssemblies => All.Where(IsBuildingBlock);

    /// <summary>Projects under Infrastructure/ (marked by Infrastructure/Directory.Build.props).</summary>
    public static IEnumerable<Assembly> Infrastructure => All.Where(IsInfrastructure);

    public static bool IsBuildingBlock(Assembly assembly) =>
        assembly.GetName().Name!.StartsWith(Prefix + "BuildingBlocks", StringComparison.Ordinal)
        || assembly == Imaging;

    public static bool IsInfrastructure(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Any(a => a is { Key: "Layer", Value: "Infrastructure" });

    public static Assembly Imaging => typeof(ProductDescriber.Imaging.ImageInspector).Assembly;

    public static IEnumerable<Assembly> Contracts => All.Where(a => a.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal));

    public static bool IsProvider(Assembly assembly) => assembly.GetName().Name!.StartsWith(Prefix + "Providers.", StringComparison.Ordinal);

    public static IEnumerable<string> OurReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal));

    private static List<Assembly> Load()
    {
        var found = new Dictionary<string, Assembly>();

        // Project references whose types the Host never names (providers found by scanning) are dropped from its
        // compiled references, but they are copied beside it: start from those files too.
        var copied = Directory.EnumerateFiles(AppContext.BaseDirectory, Prefix + "*.dll")
            .Select(path => AssemblyName.GetAssemblyName(path))
            .Where(name => !name.Name!.EndsWith(".Tests", StringComparison.Ordinal) && name.Name != Prefix + "TestSupport")
            .Select(Assembly.Load);
        var pending = new Stack<Assembly>([typeof(Program).Assembly, .. copied]);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var name in OurReferences(assembly))
            {
                pending.Push(Assembly.Load(name));
            }
        }

        return [.. found.Values];
    }
}
