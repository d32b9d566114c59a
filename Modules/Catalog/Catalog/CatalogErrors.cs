using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Catalog;

// Catalog's typed payload errors (interface Error), shared by its use cases; the generic ones are in BuildingBlocks.

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

internal sealed class SlugTakenErrorGraphType : PayloadErrorGraphType<SlugTakenError>
{
    public SlugTakenErrorGraphType()
        : base("SlugTakenError", "Another product already has this slug.")
    {
        Field(e => e.Slug).Description("The slug asked for.");
        Field(e => e.Suggestion).Description("A similar slug that was free when this error was returned.");
    }
}

internal sealed class InvalidImageErrorGraphType : PayloadErrorGraphType<InvalidImageError>
{
    public InvalidImageErrorGraphType()
        : base("InvalidImageError", "A file was not stored: it is not an image we accept, or the product has no room for it.")
    {
        Field(e => e.Index).Description("Position of the file in the `files` list, from 0.");
        Field(e => e.FileName).Description("The file's name as sent (sanitised).");
        Field(e => e.Reason).Description("EMPTY, NOT_AN_IMAGE, CORRUPT, TOO_MANY_PIXELS, TRAILING_DATA, TOO_LARGE or TOO_MANY_IMAGES.");
    }
}
