using GraphQL;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;
using ProductDescriber.GraphQLServer.Authorization;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// The one place the validation rules of a request are put together, in this order (docs/adr/0021):
/// <list type="number">
/// <item>the transport's: the specification's rules (<c>ExecutionOptions.ValidationRules</c> when null), which the
/// <see cref="Transport.DocumentCache"/> skips for a document it validated before; GET adds <see cref="QueryOnlyRule"/>;</item>
/// <item>the server's checks of the document as written: <see cref="OperationNameRule"/>, <see cref="AuthorizationRule"/>;</item>
/// <item>the modules' <see cref="GraphQLRuleStage.Document"/> rules, in the order the modules registered them;</item>
/// <item>the server's cost limits: depth and complexity, then <see cref="IntrospectionSizeRule"/>;</item>
/// <item>the modules' <see cref="GraphQLRuleStage.Cost"/> rules.</item>
/// </list>
/// Applied to every execution as an option (GraphQL.NET's <c>ConfigureExecutionOptions</c>); nothing else adds rules.
/// </summary>
internal sealed class ValidationRuleSet
{
    private readonly IValidationRule[] _rules;

    public ValidationRuleSet(IServiceProvider services, IEnumerable<ModuleGraphQLRule> moduleRules, IOptions<GraphQLServerOptions> options)
    {
        var modules = moduleRules.ToList();
        _rules =
        [
            new OperationNameRule(),
            new AuthorizationRule(options),
            .. Resolve(services, modules, GraphQLRuleStage.Document),
            new ComplexityValidationRule(Complexity(options.Value)),
            new IntrospectionSizeRule(options),
            .. Resolve(services, modules, GraphQLRuleStage.Cost),
        ];
    }

    public void Apply(ExecutionOptions options) =>
        options.ValidationRules = [.. options.ValidationRules ?? DocumentValidator.CoreRules, .. _rules];

    private static IEnumerable<IValidationRule> Resolve(IServiceProvider services, List<ModuleGraphQLRule> rules, GraphQLRuleStage stage) =>
        rules.Where(rule => rule.Stage == stage).Select(rule => (IValidationRule)services.GetRequiredService(rule.RuleType));

    private static ComplexityOptions Complexity(GraphQLServerOptions limits)
    {
        var complexity = new ComplexityOptions { MaxDepth = limits.MaxDepth, MaxComplexity = limits.MaxComplexity };
        complexity.LeaveIntrospectionToItsOwnBudget();
        return complexity;
    }
}
