namespace ProductDescriber.BuildingBlocks.GraphQL.Errors;

/// <summary>
/// An expected failure of a mutation, returned in its payload's <c>errors</c> list rather than as a top-level
/// GraphQL error: clients branch on the concrete type (<c>... on ValidationError { field }</c>).
/// </summary>
public abstract record PayloadError(string Message)
{
    /// <summary>Stable, machine-readable code; defaults to the GraphQL type name in upper snake case.</summary>
    public abstract string Code { get; }
}

public sealed record ValidationError(string Field, string Message) : PayloadError(Message)
{
    public override string Code => "VALIDATION_FAILED";
}

public sealed record NotFoundError(string Message) : PayloadError(Message)
{
    public override string Code => "NOT_FOUND";
}

public sealed record ConflictError(string Message) : PayloadError(Message)
{
    public override string Code => "CONFLICT";
}

/// <summary>A change only its owner (or an admin) may make.</summary>
public sealed record ForbiddenError(string Message) : PayloadError(Message)
{
    public override string Code => "FORBIDDEN";
}

/// <summary>A change refused because the product is archived (Catalog, Specs and Generation alike).</summary>
public sealed record ProductArchivedError(string ProductId)
    : PayloadError("The product is archived: restore it before adding images, analyses or generations.")
{
    public override string Code => "PRODUCT_ARCHIVED";
}

/// <summary>The AI provider asked for (or the default one) cannot do this now (Specs and Generation alike).</summary>
/// <param name="Reason">UNKNOWN_PROVIDER, PROVIDER_NOT_CONFIGURED, CAPABILITY_NOT_SUPPORTED or NO_PROVIDER.</param>
public sealed record ProviderUnavailableError(string? Provider, string Reason, string Message) : PayloadError(Message)
{
    public override string Code => Reason;
}

/// <summary>An analysis or generation refused because the product has no reference photos.</summary>
public sealed record NoReferenceImagesError(string ProductId)
    : PayloadError("The product has no reference photos: upload some first.")
{
    public override string Code => "NO_REFERENCE_IMAGES";
}

/// <summary>Base for payloads: the changed object (null on failure) plus typed errors.</summary>
public interface IPayload
{
    IReadOnlyList<PayloadError> Errors { get; }
}

/// <summary>
/// An analysis or generation refused because it would take a monthly budget past its limit (Specs and Generation
/// alike): nothing was stored and nothing was paid for.
/// </summary>
/// <param name="Scope">USER or PRODUCT.</param>
/// <param name="SubjectId">The global id of the user or product the budget is for.</param>
public sealed record BudgetExceededError(string Scope, string SubjectId, decimal Limit, decimal Spent, decimal Pending, decimal Estimate, string Currency)
    : PayloadError($"This would exceed the {Scope.ToLowerInvariant()} budget of {Limit} {Currency} a month: {Spent} {Currency} spent this month, {Pending} {Currency} in unfinished work, {Estimate} {Currency} at most for this request.")
{
    public override string Code => "BUDGET_EXCEEDED";
}
