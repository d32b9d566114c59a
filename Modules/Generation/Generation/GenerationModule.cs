using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Jobs;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Imaging;

namespace ProductDescriber.Generation;

/// <summary>Image-generation requests (durable jobs) and the gallery of generated images (PostgreSQL schema <c>generation</c>).</summary>
public static class GenerationModule
{
    public static IServiceCollection AddGenerationModule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GenerationOptions>()
            .BindConfiguration("Generation")
            .Validate(o => o.MaxPromptLength is >= 100 and <= 32_000, "Generation:MaxPromptLength must be between 100 and 32000.")
            .Validate(o => o.ConfidenceThreshold is >= 0 and <= 1, "Generation:ConfidenceThreshold must be between 0 and 1.")
            .Validate(o => o.MaxUnfinishedRequestsPerProduct is >= 1 and <= 100, "Generation:MaxUnfinishedRequestsPerProduct must be between 1 and 100.")
            .Validate(o => o.MaxConcurrentJobs is >= 1 and <= 64, "Generation:MaxConcurrentJobs must be between 1 and 64.")
            .Validate(o => o.MaxConcurrentJobsPerProvider is >= 1 and <= 64, "Generation:MaxConcurrentJobsPerProvider must be between 1 and 64.")
            .Validate(o => o.AttemptsPerImage is >= 1 and <= 10, "Generation:AttemptsPerImage must be between 1 and 10.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero && o.MaxRetryWait >= o.RetryDelay, "Generation:RetryDelay must be positive and at most Generation:MaxRetryWait.")
            .Validate(o => o.CancelPollInterval > TimeSpan.Zero, "Generation:CancelPollInterval must be positive.")
            .Validate(o => o.FidelityDeltaEThreshold is > 0 and <= 100, "Generation:FidelityDeltaEThreshold must be above 0 and at most 100.")
            .ValidateOnStart();

        services.AddModuleDbContext<GenerationDbContext>(GenerationDbContext.Schema);
        services.TryAddSingleton<ImageDecodeGate>();
        services.AddSingleton<GenerationRequests>();
        services.AddSingleton<GalleryImageStore>();
        services.AddSingleton<FidelityTargetsCache>();
        services.AddSingleton<GenerationThrottle>();
        services.AddSingleton<CancellationWatch>();
        services.AddSingleton<GenerationScheduling>();
        services.AddSingleton<IPendingSpendSource, PendingGenerationSpend>();
        services.AddScoped<GenerateImagesHandler>();
        services.AddScoped<CancelGenerationHandler>();
        services.AddScoped<DeleteGenerationHandler>();
        services.AddScoped<RegenerateStaleImagesHandler>();
        services.AddDurableJob<GenerationJob, UnfinishedGenerationRequests>(GenerationJob.Kind);
        services.AddSingleton<ImageDescriptions>();
        services.AddSingleton<DescribeScheduling>();
        services.AddScoped<DescribeGeneratedImageHandler>();
        services.AddDurableJob<DescribeImageJob, UndescribedImages>(DescribeImageJob.Kind);
        services.AddSingleton<IDerivedFileSource, GeneratedThumbnailSource>();
        services.AddGraphQLContributionsFrom(typeof(GenerationModule).Assembly);
        return services;
    }
}
