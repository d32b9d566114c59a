using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Jobs;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Prompts;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Requests;

/// <summary><c>generateImages</c>: checks the request, writes it PENDING with everything it will send, schedules its job and returns at once.</summary>
internal static class GenerateImages
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<GenerateImagesPayloadGraphType>, GenerateImagesPayload>("generateImages")
            .Description("Asks an image provider for new pictures of the product from its specification, reference photos and your prompt. Returns at once with the request (PENDING): follow it with `generationChanged`. The same `idempotencyKey` returns the same request instead of a second paid job.")
            .Argument<NonNullGraphType<GenerateImagesInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<GenerateImagesHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.StartAsync(ctx.GetArgument<GenerateImagesInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class GenerateImagesInput
{
    public string ProductId { get; init; } = "";

    public string? Prompt { get; init; }

    public string? CustomPromptOverride { get; init; }

    public string AspectRatio { get; init; } = "1:1";

    public string Resolution { get; init; } = "1K";

    public int Count { get; init; } = 1;

    public string? SpecificationId { get; init; }

    public string? Provider { get; init; }

    public string? Seed { get; init; }

    public string? IdempotencyKey { get; init; }

    public bool DescribeImages { get; init; }

    public string? DescribeProvider { get; init; }
}

internal sealed class GenerateImagesInputGraphType : InputObjectGraphType<GenerateImagesInput>
{
    public GenerateImagesInputGraphType()
    {
        Name = "GenerateImagesInput";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product (not archived, with reference photos and a specification).");
        Field(i => i.Prompt, nullable: true).Description("Your creative direction (scene, light, mood); the specification's facts always win over it. Required unless `customPromptOverride` is given.");
        Field(i => i.CustomPromptOverride, nullable: true).Description("A prompt sent verbatim instead of the one built from the specification.");
        Field<StringGraphType>("aspectRatio").DefaultValue("1:1").Description("One of 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9.");
        Field<StringGraphType>("resolution").DefaultValue("1K").Description("1K, 2K or 4K: the long edge is 1024, 2048 or 4096 pixels.");
        Field<IntGraphType>("count").DefaultValue(1).Description("Pictures wanted, 1 to 8.");
        Field<IdGraphType>("specificationId").Description("The specification version to follow; default the product's active one.");
        Field(i => i.Provider, nullable: true).Description("An image provider's name (see `providers`); default the configured one.");
        Field(i => i.Seed, nullable: true).Description("Makes a provider that can repeat itself (Offline) do so; others may ignore it.");
        Field(i => i.IdempotencyKey, nullable: true).Description("Your key for this request (at most 200 characters): sending it again returns the same request.");
        Field<BooleanGraphType>("describeImages").DefaultValue(false).Description("Also describe each picture back into the specification's template with a vision provider and compare it with the specification (`GeneratedImage.description`); one paid vision call per picture. Refused at once when no vision provider is available.");
        Field(i => i.DescribeProvider, nullable: true).Description("The vision provider for `describeImages` (see `providers`); default the configured vision provider.");
    }
}

internal sealed record GenerateImagesPayload(GenerationRequest? Request, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static GenerateImagesPayload Failed(PayloadError error) => new(null, [error]);
}

internal sealed class GenerateImagesPayloadGraphType : PayloadGraphType<GenerateImagesPayload>
{
    public GenerateImagesPayloadGraphType()
        : base("GenerateImagesPayload")
    {
        Field<GenerationRequestGraphType>("request").Description("The request (PENDING when new); null when it was refused.").Resolve(ctx => ctx.Source.Request);
    }
}

internal sealed partial class GenerateImagesHandler(
    GenerationDbContext db,
    IProductCatalog catalog,
    ISpecificationCatalog specifications,
    IAiProviderRegistry providers,
    GenerationScheduling scheduling,
    IBudgetGuard budgets,
    IEventBus bus,
    IOptions<GenerationOptions> options,
    TimeProvider time,
    ILogger<GenerateImagesHandler> logger)
{
    private const int MaxIdempotencyKeyLength = 200;

    public Task<GenerateImagesPayload> StartAsync(GenerateImagesInput input, long? callerId, CancellationToken cancellationToken) =>
        StartAsync(input, callerId, regeneratedFromId: null, cancellationToken);

    /// <param name="regeneratedFromId">The stale request this one repeats (<c>regenerateStaleImages</c>).</param>
    public async Task<GenerateImagesPayload> StartAsync(GenerateImagesInput input, long? callerId, long? regeneratedFromId, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrWhiteSpace(input.IdempotencyKey) ? null : input.IdempotencyKey.Trim();
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            return GenerateImagesPayload.Failed(new ValidationError("idempotencyKey", $"At most {MaxIdempotencyKeyLength} characters."));
        }

        if (!GenerationIds.TryProduct(input.ProductId, out var productId))
        {
            return GenerateImagesPayload.Failed(GenerationIds.ProductNotFound);
        }

        if (key is not null && await FindByKeyAsync(callerId, key, cancellationToken) is { } earlier)
        {
            return SameRequest(earlier, productId);
        }

        var checkedRequest = await CheckAsync(input, productId, cancellationToken);
        if (checkedRequest.Error is { } error)
        {
            return GenerateImagesPayload.Failed(error);
        }

        var row = checkedRequest.Request!.ToRow(callerId, key, regeneratedFromId, time.GetUtcNow());
        if (await WriteAsync(row, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await scheduling.ScheduleAsync(row.Id);
        await GenerationEvents.PublishAsync(bus, row);
        LogAccepted(logger, row.Id, row.ProductId, row.Provider, row.Count);
        return new GenerateImagesPayload(row, []);
    }

    /// <summary>A key seen before: the request it made, if it was for the same product.</summary>
    private static GenerateImagesPayload SameRequest(GenerationRequest earlier, long productId) =>
        earlier.ProductId == productId
            ? new GenerateImagesPayload(earlier, [])
            : GenerateImagesPayload.Failed(new ConflictError("This idempotency key was already used for a request of another product."));

    private Task<GenerationRequest?> FindByKeyAsync(long? callerId, string key, CancellationToken cancellationToken) =>
        db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.RequestedById == callerId && r.IdempotencyKey == key, cancellationToken);

    private async Task<(CheckedRequest? Request, PayloadError? Error)> CheckAsync(GenerateImagesInput input, long productId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var prompt = input.Prompt?.Trim() ?? "";
        var custom = string.IsNullOrWhiteSpace(input.CustomPromptOverride) ? null : input.CustomPromptOverride;
        if (prompt.Length > settings.MaxPromptLength)
        {
            return (null, new ValidationError("prompt", $"At most {settings.MaxPromptLength} characters (this one has {prompt.Length})."));
        }

        if (custom is { Length: var length } && length > settings.MaxPromptLength)
        {
            return (null, new ValidationError("customPromptOverride", $"At most {settings.MaxPromptLength} characters (this one has {length})."));
        }

        if (prompt.Length == 0 && custom is null)
        {
            return (null, new ValidationError("prompt", "Say what picture you want (scene, light, mood), or give a customPromptOverride."));
        }

        if (!AspectRatio.TryParse(input.AspectRatio, out var ratio))
        {
            return (null, new ValidationError("aspectRatio", $"'{input.AspectRatio}' is not offered; use one of {string.Join(", ", AspectRatio.Supported)}."));
        }

        if (!ImageResolutions.TryParse(input.Resolution, out var resolution))
        {
            return (null, new ValidationError("resolution", $"'{input.Resolution}' is not offered; use 1K, 2K or 4K."));
        }

        if (input.Count is < 1 or > 8)
        {
            return (null, new ValidationError("count", "Ask for 1 to 8 pictures."));
        }

        if (input.Seed is { Length: > 100 })
        {
            return (null, new ValidationError("seed", "At most 100 characters."));
        }

        if (await catalog.FindProductAsync(productId, cancellationToken) is not { } product)
        {
            return (null, GenerationIds.ProductNotFound);
        }

        if (product.IsArchived)
        {
            return (null, new ProductArchivedError(input.ProductId));
        }

        var (specification, specificationError) = await FindSpecificationAsync(input, productId, cancellationToken);
        if (specificationError is not null)
        {
            return (null, specificationError);
        }

        var photos = await catalog.ListReferenceImagesAsync(productId, cancellationToken);
        if (photos.Count == 0)
        {
            return (null, new NoReferenceImagesError(input.ProductId));
        }

        var choice = providers.Choose(AiCapabilities.ImageGeneration, string.IsNullOrWhiteSpace(input.Provider) ? null : input.Provider.Trim());
        if (choice.Provider is not { } provider)
        {
            return (null, new ProviderUnavailableError(input.Provider, choice.ErrorCode ?? "NO_PROVIDER", choice.ErrorMessage ?? "No provider can make pictures."));
        }

        string? describeWith = null;
        if (input.DescribeImages)
        {
            var (name, unavailable) = DescribeProvider.Choose(providers, input.DescribeProvider);
            if (unavailable is not null)
            {
                return (null, unavailable);
            }

            describeWith = name;
        }

        var sent = photos
            .OrderByDescending(p => p.IsPrimary).ThenBy(p => p.DisplayOrder)
            .Take(Math.Max(1, provider.Descriptor.Limits.MaxReferenceImages))
            .Select(p => p.Id)
            .ToArray();
        var text = custom is not null
            ? new GenerationPromptText(custom, [])
            : GenerationPrompt.Build(specification!, prompt, settings.ConfidenceThreshold, settings.UncertainFields);

        return (new CheckedRequest(productId, prompt, custom, text, ratio, resolution, input.Count, input.Seed, specification!, provider.Descriptor, sent, describeWith), null);
    }

    private async Task<(SpecificationInfo? Specification, PayloadError? Error)> FindSpecificationAsync(GenerateImagesInput input, long productId, CancellationToken cancellationToken)
    {
        if (input.SpecificationId is null)
        {
            var active = await specifications.FindActiveAsync(productId, cancellationToken);
            return active is null ? (null, new NoSpecificationError(input.ProductId)) : (active, null);
        }

        if (!GenerationIds.TrySpecification(input.SpecificationId, out var specificationId)
            || await specifications.FindAsync(specificationId, cancellationToken) is not { } named
            || named.ProductId != productId)
        {
            return (null, new ValidationError("specificationId", "Name one of this product's specifications (or leave it out for the active one)."));
        }

        return (named, null);
    }

    /// <summary>Counted and added under the product's lock, so concurrent requests cannot all pass the cap.</summary>
    private async Task<GenerateImagesPayload?> WriteAsync(GenerationRequest row, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await GenerationProductLock.AcquireAsync(db, row.ProductId, cancellationToken);
        var unfinished = await db.Requests.CountAsync(
            r => r.ProductId == row.ProductId && (r.Status == GenerationStatus.Pending || r.Status == GenerationStatus.Running), cancellationToken);
        var limit = options.Value.MaxUnfinishedRequestsPerProduct;
        if (unfinished >= limit)
        {
            return GenerateImagesPayload.Failed(new ConflictError($"The product already has {unfinished} generations waiting or running (at most {limit}); wait for one to finish."));
        }

        // Under the budgets' locks too (held to the commit): a refusal stores nothing and pays for nothing.
        var plan = new PlannedSpend(row.RequestedById, row.ProductId, PaidCallKind.Image, row.Provider, row.Model, row.Resolution, row.Count);
        if (await budgets.CheckAsync(db, plan, cancellationToken) is { } overBudget)
        {
            return GenerateImagesPayload.Failed(overBudget);
        }

        // Describing the pictures is paid too: one vision call per picture, judged the same way.
        var describing = row.DescribeProvider is { } describeProvider
            ? new PlannedSpend(row.RequestedById, row.ProductId, PaidCallKind.Vision, describeProvider, null, null, row.Count)
            : null;
        if (describing is not null && await budgets.CheckAsync(db, describing, cancellationToken) is { } describingOverBudget)
        {
            return GenerateImagesPayload.Failed(describingOverBudget);
        }

        db.Requests.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && row.IdempotencyKey is not null)
        {
            // The same key raced in from another request of the same user: that one won, return it.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var winner = await FindByKeyAsync(row.RequestedById, row.IdempotencyKey, cancellationToken);
            return winner is null ? GenerateImagesPayload.Failed(new ConflictError("The request could not be stored; try again.")) : SameRequest(winner, row.ProductId);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation request {RequestId} accepted: product {ProductId}, provider {Provider}, {Count} image(s)")]
    private static partial void LogAccepted(ILogger logger, long requestId, long productId, string provider, int count);
}

/// <summary>A request that passed every check: what will be stored and sent.</summary>
internal sealed record CheckedRequest(
    long ProductId,
    string Prompt,
    string? CustomPromptOverride,
    GenerationPromptText Text,
    AspectRatio AspectRatio,
    ImageResolution Resolution,
    int Count,
    string? Seed,
    SpecificationInfo Specification,
    AiProviderDescriptor Provider,
    long[] ReferenceImageIds,
    string? DescribeProvider = null)
{
    public GenerationRequest ToRow(long? callerId, string? idempotencyKey, long? regeneratedFromId, DateTimeOffset now) => new()
    {
        RegeneratedFromId = regeneratedFromId,
        ProductId = ProductId,
        RequestedById = callerId,
        IdempotencyKey = idempotencyKey,
        Prompt = Prompt,
        CustomPromptOverride = CustomPromptOverride,
        EffectivePrompt = Text.Text,
        PromptSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text.Text))),
        UncertainFields = [.. Text.UncertainFields],
        AspectRatio = AspectRatio.ToString(),
        Resolution = Resolution.Label(),
        Count = Count,
        Seed = Seed,
        SpecificationId = Specification.Id,
        SpecificationVersion = Specification.Version,
        Provider = Provider.Name,
        Model = Provider.ImageModel,
        ReferenceImageIds = ReferenceImageIds,
        DescribeImages = DescribeProvider is not null,
        DescribeProvider = DescribeProvider,
        Status = GenerationStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
    };
}

internal static class GenerationProductLock
{
    // 'GENR' as an int: the first key of PostgreSQL's two-key advisory locks (Specs uses 'SPEC'), the product id the
    // second (ids above 2^31 wrap, which only serialises two products' requests with each other: harmless).
    private const int KeySpace = 0x47454E52;

    public static Task AcquireAsync(GenerationDbContext db, long productId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({KeySpace}, {unchecked((int)productId)})", cancellationToken);
}
