using System.Reflection;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;

namespace ProductDescriber.BuildingBlocks.GraphQL.Schema;

public static class GraphQLRegistration
{
    /// <summary>
    /// Registers everything GraphQL-related a module assembly declares: its graph types, contributors, type
    /// extensions, node resolvers and data loaders. Scans internal types too, since modules keep them internal.
    /// </summary>
    public static IServiceCollection AddGraphQLContributionsFrom(this IServiceCollection services, Assembly assembly)
    {
        services.Scan(scan => scan.FromAssemblies(assembly)
            .AddClasses(c => c.AssignableTo<IGraphType>().Where(IsConcrete), publicOnly: false)
            .AsSelf()
            .WithTransientLifetime()
            .AddClasses(c => c.AssignableToAny(typeof(IGraphQLContributor), typeof(IGraphTypeExtension), typeof(INodeResolver)).Where(IsConcrete), publicOnly: false)
            .AsImplementedInterfaces()
            .WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IDataLoader>().Where(IsConcrete), publicOnly: false)
            .AsSelf()
            .WithScopedLifetime());
        return services;
    }

    private static bool IsConcrete(Type type) => type is { IsAbstract: false, IsGenericTypeDefinition: false };
}
