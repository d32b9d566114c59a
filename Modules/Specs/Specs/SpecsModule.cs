using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Imaging;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs;

/// <summary>Analysis runs and versioned YAML specifications of products (PostgreSQL schema <c>specs</c>).</summary>
public static class SpecsModule
{
    public static IServiceCollection AddSpecsModule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SpecsOptions>()
            .BindConfiguration("Specs")
            .Validate(o => o.MaxUnfinishedRunsPerProduct is >= 1 and <= 100, "Specs:MaxUnfinishedRunsPerProduct must be between 1 and 100.")
            .Validate(o => o.AnalysisAttempts is >= 1 and <= 10, "Specs:AnalysisAttempts must be between 1 and 10.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero && o.MaxRetryWait >= o.RetryDelay, "Specs:RetryDelay must be positive and at most Specs:MaxRetryWait.")
            .ValidateOnStart();

        services.AddModuleDbContext<SpecsDbContext>(SpecsDbContext.Schema);
        services.AddSingleton<TemplateCatalog>();
        services.TryAddSingleton<ImageDecodeGate>();
        services.AddSingleton<ISpecificationCatalog, SpecificationCatalog>();
        services.AddSingleton<ISpecificationDescriber, SpecificationDescriber>();
        services.AddSingleton<AnalysisRuns>();
        services.AddSingleton<ImagePreparation>();
        services.AddScoped<SpecificationVersions>();
        services.AddSingleton<IPendingSpendSource, PendingAnalysisSpend>();
        services.AddScoped<AnalyzeProductHandler>();
        services.AddScoped<UpdateSpecificationHandler>();
        services.AddScoped<ActivateSpecificationHandler>();
        services.AddDurableJob<AnalysisJob, UnfinishedAnalysisRuns>(AnalysisJob.Kind);
        services.AddGraphQLContributionsFrom(typeof(SpecsModule).Assembly);
        return services;
    }
}
