using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Specs.Tests;

/// <summary>The active-specification loader reads with hand-written SQL (ADR 0047): the same summaries as EF's mapping gives.</summary>
public sealed class ActiveSpecificationLoaderTests(SpecsHostFixture fixture) : IClassFixture<SpecsHostFixture>
{
    [Fact]
    public async Task Active_versions_are_the_summaries_EF_reads_and_products_without_one_are_left_out()
    {
        using var admin = await fixture.AdminAsync();
        var edited = await admin.ProductWithPhotosAsync();
        var analysed = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(edited))).GetProperty("specification");
        var yaml = (await admin.ActiveSpecificationAsync(edited))!.Value.Json("yamlContent");
        var edit = await admin.UpdateAsync(analysed.Json("id"), yaml.Replace("product_name: null", "product_name: Edited", StringComparison.Ordinal), "Named it");
        Assert.Empty(edit.GetProperty("errors").EnumerateArray());
        var reactivated = await admin.ProductWithPhotosAsync();
        var first = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(reactivated))).GetProperty("specification");
        await admin.FinishedRunAsync(await admin.StartAnalysisAsync(reactivated));
        Assert.Empty((await admin.ActivateAsync(first.Json("id"))).GetProperty("errors").EnumerateArray());
        var unspecified = await admin.NewProductAsync();
        long[] products = [Key(edited), Key(reactivated), Key(unspecified)];

        var loaded = await LoadAsync([.. products, long.MaxValue]);

        await using var db = await fixture.Host.GetService<IDbContextFactory<SpecsDbContext>>().CreateDbContextAsync();
        var expected = await db.Specifications.Where(s => s.IsActive && products.Contains(s.ProductId)).Summaries().ToDictionaryAsync(s => s.ProductId);
        Assert.Equal([Key(edited), Key(reactivated)], loaded.Keys.Order());
        Assert.All(loaded, pair => AssertSameSummary(expected[pair.Key], pair.Value));
        var editedSummary = loaded[Key(edited)];
        Assert.Equal((2, SpecificationSource.Edit, 1, "Named it"), (editedSummary.Version, editedSummary.Source, editedSummary.BasedOnVersion, editedSummary.ChangeNotes));
        Assert.NotNull(editedSummary.PrimaryColors);
        var reactivatedSummary = loaded[Key(reactivated)];
        Assert.Equal((1, SpecificationSource.Analysis), (reactivatedSummary.Version, reactivatedSummary.Source));
        Assert.NotNull(reactivatedSummary.AnalysisRunId);
        Assert.NotNull(reactivatedSummary.ActivatedById);
    }

    [Fact]
    public async Task A_batch_is_one_counted_statement_however_many_products()
    {
        var counter = fixture.Host.GetService<SqlStatementCounter>();
        long[] fifty = [.. Enumerable.Range(1, 50).Select(i => (long)i)];

        Assert.Equal(1, await counter.FewestOfThreeAsync(() => LoadAsync(fifty)));
    }

    /// <summary>Queues every key, then awaits them: one batch, as a page of products makes it.</summary>
    private async Task<Dictionary<long, Specification>> LoadAsync(long[] products)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<ActiveSpecificationByProductLoader>();
        var pending = products.Select(p => (Product: p, Result: loader.LoadAsync(p))).ToList();
        var found = new Dictionary<long, Specification>();
        foreach (var (product, result) in pending)
        {
            if (await result.GetResultAsync() is { } specification)
            {
                found[product] = specification;
            }
        }

        return found;
    }

    private static void AssertSameSummary(Specification expected, Specification actual)
    {
        Assert.Equal(
            (expected.Id, expected.ProductId, expected.Version, expected.IsActive, expected.TemplateName, expected.TemplateVersion, expected.Source, expected.AnalysisRunId),
            (actual.Id, actual.ProductId, actual.Version, actual.IsActive, actual.TemplateName, actual.TemplateVersion, actual.Source, actual.AnalysisRunId));
        Assert.Equal(
            (expected.BasedOnVersion, expected.ChangeNotes, expected.PrimaryDimensions, expected.PrimaryColors, expected.MaterialType, expected.ConfidenceOverall),
            (actual.BasedOnVersion, actual.ChangeNotes, actual.PrimaryDimensions, actual.PrimaryColors, actual.MaterialType, actual.ConfidenceOverall));
        Assert.Equal(
            (expected.CreatedById, expected.CreatedAt, expected.ActivatedAt, expected.ActivatedById, expected.IsSummary),
            (actual.CreatedById, actual.CreatedAt, actual.ActivatedAt, actual.ActivatedById, actual.IsSummary));
    }

    private static long Key(string globalId) =>
        GlobalId.TryDecodeLong(globalId, CatalogGraphTypes.Product, out var key) ? key : throw new ArgumentException(globalId);
}
