using GraphQL.Validation;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// GraphQL.NET's rules from the specification (<see cref="DocumentValidator.CoreRules"/>): they depend only on the
/// document and the schema, which is what lets the caches skip them.
/// </summary>
internal static class SpecificationRules
{
    private static readonly HashSet<IValidationRule> Rules = new(DocumentValidator.CoreRules, ReferenceEqualityComparer.Instance);

    public static bool Contains(IValidationRule rule) => Rules.Contains(rule);
}
