using NetArchTest.Rules;

namespace ProductDescriber.Architecture.Tests;

/// <summary>What the compiler cannot enforce about module independence (ARCHITECTURE.md, "Layout").</summary>
public sealed class ModuleBoundaryTests
{
    [Fact]
    public void The_solution_has_at_least_one_module()
    {
        Assert.Contains(Solution.Modules, m => m.GetName().Name == "ProductDescriber.Identity");
        Assert.Contains(Solution.Modules, m => m.GetName().Name == "ProductDescriber.Catalog");
    }

    [Fact]
    public void Modules_reference_other_modules_only_through_their_contracts()
    {
        var moduleNames = Solution.Modules.Select(m => m.GetName().Name!).ToHashSet();
        foreach (var module in Solution.Modules)
        {
            var offending = Solution.OurReferences(module).Where(moduleNames.Contains).ToList();
            Assert.True(offending.Count == 0, $"{module.GetName().Name} references module implementations: {string.Join(", ", offending)}");
        }
    }

    [Fact]
    public void Nothing_but_the_host_references_the_host()
    {
        var host = Solution.Host.GetName().Name!;
        Assert.DoesNotContain(Solution.All.Where(a => a != Solution.Host), a => Solution.OurReferences(a).Contains(host));
    }

    [Fact]
    public void Contracts_reference_only_building_blocks_and_other_contracts()
    {
        foreach (var contracts in Solution.Contracts)
        {
            var allowed = Solution.OurReferences(contracts)
                .All(name => name == Solution.Primitives.GetName().Name || name.EndsWith(".Contracts", StringComparison.Ordinal));
            Assert.True(allowed, $"{contracts.GetName().Name} references {string.Join(", ", Solution.OurReferences(contracts))}");
        }
    }

    [Fact]
    public void Building_blocks_know_no_module()
    {
        var buildingBlocks = Solution.BuildingBlockAssemblies.Select(a => a.GetName().Name!).ToHashSet();
        Assert.Contains(Solution.Primitives.GetName().Name!, buildingBlocks);
        foreach (var assembly in Solution.BuildingBlockAssemblies)
        {
            var others = Solution.OurReferences(assembly).Where(name => !buildingBlocks.Contains(name)).ToList();
            Assert.True(others.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", others)}");
        }
    }

    [Fact]
    public void Primitives_reference_nothing_heavy()
    {
        var references = Solution.Primitives.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        var heavy = references.Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || name.StartsWith("GraphQL", StringComparison.Ordinal)
            || name.StartsWith("Npgsql", StringComparison.Ordinal)
            || name.StartsWith(Solution.Prefix, StringComparison.Ordinal)).ToList();
        Assert.True(heavy.Count == 0, $"{Solution.Primitives.GetName().Name} references {string.Join(", ", heavy)}");
    }

    [Fact]
    public void Only_the_host_references_infrastructure()
    {
        var infrastructure = Solution.Infrastructure.Select(a => a.GetName().Name!).ToHashSet();
        Assert.Contains(Solution.Prefix + "GraphQLServer", infrastructure);
        Assert.Contains(Solution.Prefix + "PostgreSQL", infrastructure);
        foreach (var assembly in Solution.All.Where(a => a != Solution.Host))
        {
            var offending = Solution.OurReferences(assembly).Where(infrastructure.Contains).ToList();
            Assert.True(offending.Count == 0, $"{assembly.GetName().Name} references infrastructure: {string.Join(", ", offending)}");
        }
    }

    [Fact]
    public void Infrastructure_implements_building_blocks_seams_and_knows_no_module()
    {
        const string Seam = Solution.Prefix + "Providers.Abstractions";
        foreach (var assembly in Solution.Infrastructure)
        {
            var others = Solution.OurReferences(assembly)
                .Where(name => !Solution.BuildingBlockAssemblies.Any(b => b.GetName().Name == name) && name != Seam)
                .ToList();
            Assert.True(others.Count == 0, $"{assembly.GetName().Name} references {string.Join(", ", others)}");
        }
    }

    [Fact]
    public void The_imaging_library_is_plain_it_knows_no_module_and_no_web_database_or_graphql_framework()
    {
        var references = Solution.Imaging.GetReferencedAssemblies().Select(r => r.Name!).ToList();

        // Of ours, only the BCL-only primitives (its decoding threads, ADR 0043).
        Assert.Equal([Solution.Primitives.GetName().Name!], Solution.OurReferences(Solution.Imaging));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || name.StartsWith("GraphQL", StringComparison.Ordinal));
        Assert.Contains("SkiaSharp", references);
    }

    [Fact]
    public void Providers_know_only_the_seam_and_modules_only_use_the_seam()
    {
        const string Seam = Solution.Prefix + "Providers.Abstractions";
        var providers = Solution.All.Where(Solution.IsProvider).ToList();
        Assert.Contains(providers, p => p.GetName().Name == Solution.Prefix + "Providers.Offline");
        foreach (var provider in providers)
        {
            // Besides the seam, a provider may use the plain imaging library (the Offline provider decodes with it).
            var references = Solution.OurReferences(provider).Where(name => name != Solution.Imaging.GetName().Name).ToList();
            var expected = provider.GetName().Name == Seam ? [] : new[] { Seam };
            Assert.True(references.All(expected.Contains), $"{provider.GetName().Name} references {string.Join(", ", references)}");
        }

        foreach (var module in Solution.Modules)
        {
            var implementations = Solution.OurReferences(module).Where(n => n.StartsWith(Solution.Prefix + "Providers.", StringComparison.Ordinal) && n != Seam).ToList();
            Assert.True(implementations.Count == 0, $"{module.GetName().Name} references provider implementations: {string.Join(", ", implementations)}");
        }
    }

    [Fact]
    public void A_module_exposes_only_its_entry_point()
    {
        foreach (var module in Solution.Modules)
        {
            var result = Types.InAssembly(module).That().ArePublic().Should().HaveNameEndingWith("Module").GetResult();
            Assert.True(result.IsSuccessful, $"{module.GetName().Name} exposes public types: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Fact]
    public void Module_types_are_sealed_unless_abstract_or_static()
    {
        foreach (var module in Solution.Modules)
        {
            var open = module.GetTypes()
                .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !t.IsNested)
                .Where(t => !t.Namespace!.Contains(".Migrations", StringComparison.Ordinal))
                .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
                .Select(t => t.FullName)
                .ToList();
            Assert.True(open.Count == 0, $"Unsealed classes in {module.GetName().Name}: {string.Join(", ", open)}");
        }
    }
}
