using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Catalog.ReferenceImages;
using ProductDescriber.Imaging;

namespace ProductDescriber.Catalog;

/// <summary>Products and their reference photos (PostgreSQL schema <c>catalog</c>).</summary>
public static class CatalogModule
{
    public static IServiceCollection AddCatalogModule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CatalogOptions>()
            .BindConfiguration("Catalog")
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (long.TryParse(configuration["MAX_IMAGE_PIXELS"], out var pixels))
                {
                    options.MaxImagePixels = pixels;
                }
            })
            .Validate(o => o.MaxReferenceImagesPerProduct is >= 1 and <= 1000, "Catalog:MaxReferenceImagesPerProduct must be between 1 and 1000.")
            .Validate(o => o.MaxImagePixels is >= 1 and <= 500_000_000, "MAX_IMAGE_PIXELS must be between 1 and 500000000.")
            .ValidateOnStart();

        services.AddModuleDbContext<CatalogDbContext>(CatalogDbContext.Schema);
        services.AddSingleton<ProductRows>();
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<IProductCatalog>(provider => provider.GetRequiredService<ProductCatalog>());
        services.TryAddSingleton<ImageDecodeGate>();
        services.AddSingleton<IDerivedFileSource, ThumbnailSource>();
        services.AddScoped<SlugAllocator>();
        services.AddScoped<CreateProductHandler>();
        services.AddScoped<UpdateProductHandler>();
        services.AddScoped<ArchiveProductHandler>();
        services.AddScoped<DeleteProductHandler>();
        services.AddScoped<UploadReferenceImagesHandler>();
        services.AddScoped<ReferenceImageChange>();
        services.AddScoped<SetPrimaryReferenceImageHandler>();
        services.AddScoped<ReorderReferenceImagesHandler>();
        services.AddScoped<DeleteReferenceImageHandler>();
        services.AddGraphQLContributionsFrom(typeof(CatalogModule).Assembly);
        return services;
    }
}
