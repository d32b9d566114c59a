using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.BuildingBlocks.Jobs;

/// <summary>How a module registers its durable jobs from its own <c>AddXModule</c>; the Host runs them.</summary>
public static class DurableJobRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> (scoped, keyed by <paramref name="kind"/>) and
    /// <typeparamref name="TSource"/> (a singleton the recovery sweep asks for unfinished work of that kind).
    /// </summary>
    public static IServiceCollection AddDurableJob<TJob, TSource>(this IServiceCollection services, string kind)
        where TJob : class, IDurableJob
        where TSource : class, IUnfinishedWorkSource
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (services.Any(s => s.ServiceType == typeof(IDurableJob) && s.IsKeyedService && Equals(s.ServiceKey, kind)))
        {
            throw new InvalidOperationException($"A durable job of kind '{kind}' is already registered.");
        }

        services.AddKeyedScoped<IDurableJob, TJob>(kind);
        services.AddSingleton<IUnfinishedWorkSource, TSource>();
        return services;
    }
}
