using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Catalog.GraphQL;

internal sealed record SlugTakenError(string Slug, string Suggestion)
    : PayloadError($"The slug '{Slug}' is taken; '{Suggestion}' is free.")
{
    public override string Code => "SLUG_TAKEN";
}

/// <param name="Index">Position of the file in the request's <c>files</c> list (0-based).</param>
/// <param name="Reason">EMPTY, NOT_AN_IMAGE, CORRUPT, TOO_MANY_PIXELS, TRAILING_DATA, TOO_LARGE or TOO_MANY_IMAGES.</param>
internal sealed record InvalidImageError(int Index, string FileName, string Reason, string Message) : PayloadError(Message)
{
    public const string TooLarge = "TOO_LARGE";
    public const string TooManyImages = "TOO_MANY_IMAGES";

    public override string Code => "INVALID_IMAGE";
}

internal sealed record ProductArchivedError(string ProductId)
    : PayloadError("The product is archived: restore it before adding images, analyses or generations.")
{
    public override string Code => "PRODUCT_ARCHIVED";
}
