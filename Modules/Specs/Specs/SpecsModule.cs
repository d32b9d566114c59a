using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.Specs;

/// <summary>Analysis runs and versioned YAML specifications of products (PostgreSQL schema <c>specs</c>).</summary>
public static class SpecsModule
{
    public static IServiceCollection AddSpecsModule(this IServiceCollection services) => services;
}
