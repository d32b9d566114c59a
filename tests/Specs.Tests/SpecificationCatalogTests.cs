using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>What Generation will read through Specs.Contracts: the active (or a given) version, parsed.</summary>
public sealed class SpecificationCatalogTests(SpecsHostFixture fixture) : IClassFixture<SpecsHostFixture>
{
    [Fact]
    public async Task The_active_version_comes_parsed_with_derived_fields_and_every_scalar_by_path()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var v1 = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId))).GetProperty("specification").Json("id");
        var yaml = (await admin.ActiveSpecificationAsync(productId))!.Value.Json("yamlContent");
        var edited = await admin.UpdateAsync(v1, yaml.Replace("primary_material:\n    type: null", "primary_material:\n    type: glass", StringComparison.Ordinal));
        Assert.Empty(edited.Errors());
        Assert.True(GlobalId.TryDecodeLong(productId, "Product", out var product));
        Assert.True(GlobalId.TryDecodeLong(v1, "Specification", out var v1Id));
        var catalog = fixture.Host.GetService<ISpecificationCatalog>();

        var active = await catalog.FindActiveAsync(product, CancellationToken.None);
        var first = await catalog.FindAsync(v1Id, CancellationToken.None);

        Assert.NotNull(active);
        Assert.Equal(2, active.Version);
        Assert.True(active.IsActive);
        Assert.Equal("glass", active.Derived.MaterialType);
        Assert.Equal("glass", active.Fields["materials.primary_material.type"]);
        Assert.Equal(active.Derived.PrimaryColors!.Primary!.Hex, active.Fields["colors.primary.hex"]);
        Assert.Contains("colors.primary", active.Derived.FieldConfidences.Keys);
        Assert.Null(active.Fields["dimensions.primary.width.value"]);
        Assert.Equal("product-analysis", active.TemplateName);

        Assert.NotNull(first);
        Assert.Equal(1, first.Version);
        Assert.False(first.IsActive);
        Assert.Null(first.Derived.MaterialType);
        Assert.Null(await catalog.FindActiveAsync(987654, CancellationToken.None));
    }

    [Fact]
    public async Task Active_versions_of_many_products_come_in_one_call_and_products_without_one_are_absent()
    {
        using var admin = await fixture.AdminAsync();
        var edited = await admin.ProductWithPhotosAsync();
        var reactivated = await admin.ProductWithPhotosAsync();
        var bare = await admin.NewProductAsync();
        var editedV1 = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(edited))).GetProperty("specification").Json("id");
        var reactivatedV1 = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(reactivated))).GetProperty("specification").Json("id");
        foreach (var v1 in new[] { editedV1, reactivatedV1 })
        {
            var yaml = (await admin.QueryAsync("query($id: ID!) { node(id: $id) { ... on Specification { yamlContent } } }", new { id = v1 })).GetProperty("node").Json("yamlContent");
            Assert.Empty((await admin.UpdateAsync(v1, yaml + "\n# edited\n")).Errors());
        }

        Assert.Empty((await admin.ActivateAsync(reactivatedV1)).Errors());
        var catalog = fixture.Host.GetService<ISpecificationCatalog>();

        var versions = await catalog.FindActiveVersionsAsync([Key(edited), Key(reactivated), Key(bare), 987654], CancellationToken.None);

        Assert.Equal(2, versions.Count);
        Assert.Equal(2, versions[Key(edited)]);
        Assert.Equal(1, versions[Key(reactivated)]);
        Assert.Empty(await catalog.FindActiveVersionsAsync([], CancellationToken.None));
    }

    private static long Key(string productId) => GlobalId.TryDecodeLong(productId, "Product", out var key) ? key : throw new ArgumentException(productId);
}
