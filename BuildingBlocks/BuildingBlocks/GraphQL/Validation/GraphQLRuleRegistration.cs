using GraphQL.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.BuildingBlocks.GraphQL.Validation;

/// <summary>A validation rule a module adds to every request, and where among the server's it runs.</summary>
public sealed record ModuleGraphQLRule(Type RuleType, GraphQLRuleStage Stage);

public static class GraphQLRuleRegistration
{
    /// <summary>
    /// Adds <typeparamref name="TRule"/> (a singleton) to the validation of every request, at <paramref name="stage"/>.
    /// The server composes the order; a module names no other rule and no number.
    /// </summary>
    public static IServiceCollection AddGraphQLRule<TRule>(this IServiceCollection services, GraphQLRuleStage stage)
        where TRule : class, IValidationRule
    {
        services.AddSingleton<TRule>();
        services.AddSingleton(new ModuleGraphQLRule(typeof(TRule), stage));
        return services;
    }
}
