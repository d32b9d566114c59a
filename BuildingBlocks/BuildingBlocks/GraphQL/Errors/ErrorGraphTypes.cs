using GraphQL.Types;

namespace ProductDescriber.BuildingBlocks.GraphQL.Errors;

/// <summary><c>interface Error { message: String! code: String! }</c>, implemented by every payload error type.</summary>
public sealed class ErrorInterfaceGraphType : InterfaceGraphType<PayloadError>
{
    public ErrorInterfaceGraphType()
    {
        Name = "Error";
        Description = "An expected failure of a mutation. Query the concrete types for details.";
        Field(e => e.Message).Description("Human-readable explanation.");
        Field(e => e.Code).Description("Stable machine-readable code.");
    }
}

/// <summary>Base for concrete payload error types: implements <c>Error</c> and adds its two fields.</summary>
public abstract class PayloadErrorGraphType<TError> : ObjectGraphType<TError> where TError : PayloadError
{
    protected PayloadErrorGraphType(string name, string description)
    {
        Name = name;
        Description = description;
        Interface<ErrorInterfaceGraphType>();
        IsTypeOf = value => value is TError;
        Field(e => e.Message).Description("Human-readable explanation.");
        Field(e => e.Code).Description("Stable machine-readable code.");
    }
}

public sealed class ValidationErrorGraphType : PayloadErrorGraphType<ValidationError>
{
    public ValidationErrorGraphType()
        : base("ValidationError", "An input field has a value that is not allowed.")
    {
        Field(e => e.Field).Description("The input field at fault, as named in the input type.");
    }
}

public sealed class NotFoundErrorGraphType() : PayloadErrorGraphType<NotFoundError>(
    "NotFoundError", "The object named does not exist or is not visible to you.");

public sealed class ConflictErrorGraphType() : PayloadErrorGraphType<ConflictError>(
    "ConflictError", "The change conflicts with the current state (e.g. a value that must be unique is taken).");

public sealed class ForbiddenErrorGraphType() : PayloadErrorGraphType<ForbiddenError>(
    "ForbiddenError", "Only the object's owner, or an admin, may do this.");

public sealed class ProductArchivedErrorGraphType : PayloadErrorGraphType<ProductArchivedError>
{
    public ProductArchivedErrorGraphType()
        : base("ProductArchivedError", "The product is archived; restore it first.")
    {
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The archived product.").Resolve(ctx => ctx.Source.ProductId);
    }
}

public sealed class ProviderUnavailableErrorGraphType : PayloadErrorGraphType<ProviderUnavailableError>
{
    public ProviderUnavailableErrorGraphType()
        : base("ProviderUnavailableError", "The AI provider asked for (or the default one) cannot do this now.")
    {
        Field(e => e.Provider, nullable: true).Description("The provider named in the request; null when none was.");
        Field(e => e.Reason).Description("UNKNOWN_PROVIDER, PROVIDER_NOT_CONFIGURED, CAPABILITY_NOT_SUPPORTED or NO_PROVIDER.");
    }
}

public sealed class NoReferenceImagesErrorGraphType : PayloadErrorGraphType<NoReferenceImagesError>
{
    public NoReferenceImagesErrorGraphType()
        : base("NoReferenceImagesError", "The product has no reference photos.")
    {
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.").Resolve(ctx => ctx.Source.ProductId);
    }
}

/// <summary>
/// Base for <c>XPayload</c> types: subclasses add the changed object's field; <c>errors</c> is always present and
/// empty on success.
/// </summary>
public abstract class PayloadGraphType<TPayload> : ObjectGraphType<TPayload> where TPayload : IPayload
{
    protected PayloadGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ErrorInterfaceGraphType>>>>("errors")
            .Description("Expected failures; empty when the mutation succeeded.")
            .Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class BudgetExceededErrorGraphType : PayloadErrorGraphType<BudgetExceededError>
{
    public BudgetExceededErrorGraphType()
        : base("BudgetExceededError", "The request would take a monthly budget past its limit; nothing was stored or paid for.")
    {
        Field(e => e.Scope).Description("USER or PRODUCT: which budget.");
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("The user or product the budget is for.").Resolve(ctx => ctx.Source.SubjectId);
        Field(e => e.Limit).Description("The budget's monthly limit.");
        Field(e => e.Spent).Description("Priced calls charged to it this calendar month (UTC).");
        Field(e => e.Pending).Description("The worst case of its unfinished analyses and generations.");
        Field(e => e.Estimate).Description("The worst case of this request.");
        Field(e => e.Currency).Description("The budget's currency (ISO 4217).");
    }
}
