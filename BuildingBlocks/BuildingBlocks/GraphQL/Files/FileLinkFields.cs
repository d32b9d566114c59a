using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.BuildingBlocks.Storage.Thumbnails;
using ProductDescriber.Imaging;

namespace ProductDescriber.BuildingBlocks.GraphQL.Files;

/// <summary>
/// <c>url</c> and <c>thumbnailUrl(size:, format:)</c> of a stored image: short-lived signed links (<see cref="IFileLinks"/>),
/// the same arguments and the same thumbnail keys for every module's images. The module registers a
/// <see cref="ThumbnailFileSource"/> for its keys so the thumbnail is made when the link is first fetched.
/// </summary>
public static class FileLinkFields
{
    public static void AddImageLinkFields<TSource>(this ObjectGraphType<TSource> type, Func<TSource, string> storageKey)
    {
        type.Field<NonNullGraphType<StringGraphType>>("url")
            .Description("A short-lived signed link to the original file; usable in `<img src>` without a token. Fetch a fresh one when it expires.")
            .Resolve()
            .WithService<IFileLinks>()
            .Resolve((ctx, links) => links.CreateUrl(storageKey(ctx.Source)));
        type.Field<NonNullGraphType<StringGraphType>>("thumbnailUrl")
            .Description("A short-lived signed link to a scaled-down copy, made on first use and kept.")
            .Argument<NonNullGraphType<IntGraphType>>("size", arg =>
            {
                arg.Description = $"Longest edge in pixels, rounded up to one of {string.Join(", ", ThumbnailSizes.All)}.";
                arg.DefaultValue = ThumbnailSizes.Default;
            })
            .Argument<NonNullGraphType<ThumbnailFormatGraphType>>("format", arg =>
            {
                arg.Description = "Encoding of the thumbnail.";
                arg.DefaultValue = ThumbnailFormat.WebP;
            })
            .Resolve()
            .WithService<IFileLinks>()
            .Resolve((ctx, links) =>
            {
                var size = ThumbnailSizes.Snap(ctx.GetArgument<int>("size"))
                    ?? throw new ExecutionError($"`size` must be between 1 and {ThumbnailSizes.Largest}.") { Code = "INVALID_ARGUMENT" };
                return links.CreateUrl(ThumbnailKeys.For(storageKey(ctx.Source), size, ctx.GetArgument<ThumbnailFormat>("format")));
            });
    }
}

public sealed class ThumbnailFormatGraphType : EnumerationGraphType
{
    public ThumbnailFormatGraphType()
    {
        Name = "ThumbnailFormat";
        Description = "How a thumbnail is encoded.";
        Add("WEBP", ThumbnailFormat.WebP, "WebP: smaller; keeps transparency.");
        Add("JPEG", ThumbnailFormat.Jpeg, "JPEG: for clients without WebP; transparency becomes white.");
    }
}
