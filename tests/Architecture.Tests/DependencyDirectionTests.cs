using ProductDescriber.Architecture.Tests.Repository;

namespace ProductDescriber.Architecture.Tests;

/// <summary>Modules depend on modules before them in the module list only (ARCHITECTURE.md, "Layout").</summary>
public sealed class DependencyDirectionTests
{
    private static readonly string ModulesSource = File.ReadAllText(RepositoryRoot.File("Host", "Modules.cs"));

    private static IReadOnlyList<string> ModuleNames => [.. Solution.Modules.Select(m => DependencyDirection.ModuleOf(m.GetName().Name!))];

    [Fact]
    public void The_module_list_names_every_module()
    {
        var listed = DependencyDirection.ModuleList(ModulesSource, ModuleNames);

        Assert.Equal(ModuleNames.Order(), listed.Order());
    }

    [Fact]
    public void Modules_and_their_contracts_use_only_modules_before_them_in_the_module_list()
    {
        var order = DependencyDirection.ModuleList(ModulesSource, ModuleNames);
        var graph = Solution.Modules.Concat(Solution.Contracts)
            .ToDictionary(a => a.GetName().Name!, Solution.OurReferences);

        Assert.Empty(DependencyDirection.Violations(order, graph));
    }

    [Fact]
    public void A_reference_against_the_direction_is_reported()
    {
        string[] order = ["Identity", "Catalog", "Specs", "Generation"];
        var graph = new Dictionary<string, IEnumerable<string>>
        {
            ["ProductDescriber.Identity"] = ["ProductDescriber.BuildingBlocks", "ProductDescriber.Identity.Contracts", "ProductDescriber.Catalog.Contracts"],
            ["ProductDescriber.Catalog"] = ["ProductDescriber.Catalog.Contracts", "ProductDescriber.Identity.Contracts"],
            ["ProductDescriber.Catalog.Contracts"] = ["ProductDescriber.BuildingBlocks.Primitives", "ProductDescriber.Specs.Contracts"],
            ["ProductDescriber.Specs"] = ["ProductDescriber.Catalog.Contracts", "ProductDescriber.Identity.Contracts"],
            ["ProductDescriber.Generation"] = ["ProductDescriber.Specs.Contracts", "ProductDescriber.Catalog.Contracts", "ProductDescriber.Providers.Abstractions"],
        };

        var violations = DependencyDirection.Violations(order, graph);

        Assert.Equal(
            [
                "ProductDescriber.Identity references ProductDescriber.Catalog.Contracts, but Catalog comes after Identity in the module list.",
                "ProductDescriber.Catalog.Contracts references ProductDescriber.Specs.Contracts, but Specs comes after Catalog in the module list.",
            ],
            violations);
    }

    [Theory]
    [InlineData("services\n        .AddIdentityModule()\n        .AddCatalogModule()\n        .AddSpecsModule();")]
    [InlineData("IModule[] All = [new IdentityModule(), new CatalogModule(), new SpecsModule()];")]
    public void The_module_list_is_read_in_its_order(string source)
    {
        var listed = DependencyDirection.ModuleList("using ProductDescriber.Catalog;\ninternal static class Modules\n{\n" + source + "\n}", ["Specs", "Catalog", "Identity", "Generation"]);

        Assert.Equal(["Identity", "Catalog", "Specs"], listed);
    }
}
