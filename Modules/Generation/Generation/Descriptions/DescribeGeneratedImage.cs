using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Generation.Descriptions;

/// <summary>
/// <c>describeGeneratedImage</c>: describes a stored picture again (or for the first time) with a vision provider and
/// compares it with the specification it was made from. Returns at once with the description PENDING; a durable
/// job does the call, as analysis runs do, so a slow provider holds no HTTP request and a crash loses nothing.
/// </summary>
internal static class DescribeGeneratedImage
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DescribeGeneratedImagePayloadGraphType>, DescribeGeneratedImagePayload>("describeGeneratedImage")
            .Description("Describes a generated image back into its specification's template with a vision provider and compares the two (`GeneratedImage.description`). Returns at once with the description PENDING; follow `generationChanged` of its request, or read the image again. Paid: one vision call. Its request's requester or an admin.")
            .Argument<NonNullGraphType<DescribeGeneratedImageInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<DescribeGeneratedImageHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.DescribeAsync(ctx.GetArgument<DescribeGeneratedImageInput>("input"), ctx.User, ctx.CancellationToken));
}

internal sealed class DescribeGeneratedImageInput
{
    public string ImageId { get; init; } = "";

    public string? Provider { get; init; }
}

internal sealed class DescribeGeneratedImageInputGraphType : InputObjectGraphType<DescribeGeneratedImageInput>
{
    public DescribeGeneratedImageInputGraphType()
    {
        Name = "DescribeGeneratedImageInput";
        Field<NonNullGraphType<IdGraphType>>("imageId").Description("The generated image.");
        Field(i => i.Provider, nullable: true).Description("A vision provider's name (see `providers`); default the configured vision provider.");
    }
}

internal sealed record DescribeGeneratedImagePayload(GalleryImage? Image, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static DescribeGeneratedImagePayload Failed(PayloadError error, GalleryImage? image = null) => new(image, [error]);
}

internal sealed class DescribeGeneratedImagePayloadGraphType : PayloadGraphType<DescribeGeneratedImagePayload>
{
    public DescribeGeneratedImagePayloadGraphType()
        : base("DescribeGeneratedImagePayload")
    {
        Field<GeneratedImageGraphType>("image").Description("The image with its description PENDING; as it was when refused for being described already; else null.").Resolve(ctx => ctx.Source.Image);
    }
}

internal sealed class DescribeGeneratedImageHandler(
    GenerationRequests requests,
    ImageDescriptions descriptions,
    DescribeScheduling scheduling,
    IAiProviderRegistry providers,
    IBudgetGuard budgets)
{
    private static readonly NotFoundError ImageNotFound = new("No generated image has this id.");

    public async Task<DescribeGeneratedImagePayload> DescribeAsync(DescribeGeneratedImageInput input, System.Security.Claims.ClaimsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (!GenerationIds.TryImage(input.ImageId, out var imageId))
        {
            return DescribeGeneratedImagePayload.Failed(ImageNotFound);
        }

        var choice = DescribeProvider.Choose(providers, input.Provider);
        if (choice.Error is { } unavailable)
        {
            return DescribeGeneratedImagePayload.Failed(unavailable);
        }

        // Access is the request's: whoever asked for the pictures (or an admin) pays for checking them.
        var requestId = await descriptions.FindRequestIdAsync(imageId, cancellationToken);
        if (requestId is null || await requests.FindAsync(requestId.Value, cancellationToken) is not { } request)
        {
            return DescribeGeneratedImagePayload.Failed(ImageNotFound);
        }

        if (!RequestAccess.MayChange(request, caller))
        {
            return DescribeGeneratedImagePayload.Failed(new ForbiddenError("Only whoever made this image's request, or an admin, may have it described."));
        }

        var (image, refusal) = await descriptions.RequestAsync(imageId, choice.Name!, caller.GetUserId(), budgets, cancellationToken);
        if (image is null)
        {
            return DescribeGeneratedImagePayload.Failed(ImageNotFound);
        }

        if (refusal is not null)
        {
            return DescribeGeneratedImagePayload.Failed(refusal, image);
        }

        await scheduling.ScheduleAsync(image.Id);
        return new DescribeGeneratedImagePayload(image, []);
    }
}

/// <summary>The vision provider a description will use, checked when it is asked for (generateImages, describeGeneratedImage).</summary>
internal static class DescribeProvider
{
    public static (string? Name, ProviderUnavailableError? Error) Choose(IAiProviderRegistry providers, string? requested)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        var choice = providers.Choose(AiCapabilities.Vision, name);
        return choice.Provider is { Vision: not null } provider
            ? (provider.Descriptor.Name, null)
            : (null, new ProviderUnavailableError(name, choice.ErrorCode ?? "CAPABILITY_NOT_SUPPORTED", choice.ErrorMessage ?? "No provider can describe pictures."));
    }
}
