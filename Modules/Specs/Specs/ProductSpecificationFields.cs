using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs;

/// <summary>Specs' fields on Catalog's <c>Product</c>: its specification versions and analysis runs.</summary>
internal sealed class ProductSpecificationFields : IGraphTypeExtension
{
    // Built once: a key compiles its selector when it first encodes a cursor (see SortKey).
    private static readonly SortKey<Specification>[] NewestVersionFirst = [SortKey<Specification>.Descending(s => s.Version)];
    private static readonly SortKey<AnalysisRun>[] NewestRunFirst = [SortKey<AnalysisRun>.Descending(r => r.CreatedAt), SortKey<AnalysisRun>.Descending(r => r.Id)];

    public string TypeName => CatalogGraphTypes.Product;

    public void Extend(IObjectGraphType type)
    {
        // Loaders come from the request's scope (no WithScope), so a page of products shares one batch.
        type.AddField(new FieldType
        {
            Name = "activeSpecification",
            Description = "The specification version in use; null when the product has none yet.",
            Type = typeof(SpecificationGraphType),
            Resolver = new GraphQL.Resolvers.FuncFieldResolver<object?>(ctx =>
                ctx.RequestServices!.GetRequiredService<ActiveSpecificationByProductLoader>().LoadAsync(Product(ctx).Id)),
        }).DependsOn(typeof(ActiveSpecificationByProductLoader));

        var version = new FieldType
        {
            Name = "specification",
            Description = "One version of the product's specification, active or not; null when there is no such version.",
            Type = typeof(SpecificationGraphType),
            Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<IntGraphType>> { Name = "version", Description = "The version number (1, 2, ...)." }),
            Resolver = new GraphQL.Resolvers.FuncFieldResolver<object?>(ctx =>
                ctx.RequestServices!.GetRequiredService<SpecificationByVersionLoader>().LoadAsync((Product(ctx).Id, ctx.GetArgument<int>("version")))),
        };
        type.AddField(version).DependsOn(typeof(SpecificationByVersionLoader));

        type.AddConnectionField<SpecificationGraphType, Specification, IDbContextFactory<SpecsDbContext>>(
            "specifications",
            "Every version of the product's specification, newest first.",
            async (ctx, contexts, page) =>
            {
                var productId = Product(ctx).Id;
                await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
                return await db.Specifications.Where(s => s.ProductId == productId).Summaries()
                    .ToConnectionAsync(page, NewestVersionFirst, ctx.CancellationToken);
            });

        type.AddConnectionField<AnalysisRunGraphType, AnalysisRun, IDbContextFactory<SpecsDbContext>>(
            "analysisRuns",
            "The product's analysis runs, newest first.",
            async (ctx, contexts, page) =>
            {
                var productId = Product(ctx).Id;
                await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
                return await db.AnalysisRuns.AsNoTracking().Where(r => r.ProductId == productId)
                    .ToConnectionAsync(page, NewestRunFirst, ctx.CancellationToken);
            });
    }

    private static ProductInfo Product(IResolveFieldContext context) => (ProductInfo)context.Source!;
}
