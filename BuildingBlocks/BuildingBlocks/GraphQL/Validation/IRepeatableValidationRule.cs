using GraphQL.Validation;

namespace ProductDescriber.BuildingBlocks.GraphQL.Validation;

/// <summary>
/// A validation rule whose outcome depends only on the document, the operation, the variables, whether the caller
/// is signed in and with which roles, and settings fixed at start: never on the user's id, the time, request
/// extensions or anything it reads at run time. A query that passed it once passes it again for the same inputs, so
/// the server may skip validating a repeated query (docs/adr/0045). A rule that is not marked keeps every query it
/// takes part in validated on every request.
/// </summary>
public interface IRepeatableValidationRule : IValidationRule;
