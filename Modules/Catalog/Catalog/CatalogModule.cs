using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.Catalog;

/// <summary>Products and their reference photos (PostgreSQL schema <c>catalog</c>).</summary>
public static class CatalogModule
{
    public static IServiceCollection AddCatalogModule(this IServiceCollection services)
    {
        return services;
    }
}
