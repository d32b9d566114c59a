using System.Globalization;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Analysis;

/// <summary><c>analyzeProduct</c>: checks the request, writes a PENDING run, schedules its job and returns at once.</summary>
internal static class AnalyzeProduct
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<AnalyzeProductPayloadGraphType>, AnalyzeProductPayload>("analyzeProduct")
            .Description("Starts an analysis of the product's reference photos by a vision provider; the result becomes the product's new active specification. Returns at once with the run (PENDING): follow it with `analysisRunChanged`.")
            .Argument<NonNullGraphType<AnalyzeProductInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<AnalyzeProductHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.StartAsync(ctx.GetArgument<AnalyzeProductInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class AnalyzeProductInput
{
    public string ProductId { get; init; } = "";

    public string? TemplateVersion { get; init; }

    public bool UseTemplate { get; init; } = true;

    public string? Provider { get; init; }

    public List<string>? ReferenceImageIds { get; init; }
}

internal sealed class AnalyzeProductInputGraphType : InputObjectGraphType<AnalyzeProductInput>
{
    public AnalyzeProductInputGraphType()
    {
        Name = "AnalyzeProductInput";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product to analyse (not archived, with at least one reference photo).");
        Field(i => i.TemplateVersion, nullable: true).Description("Version of the `product-analysis` template to fill (see `specificationTemplates`); default the newest.");
        Field<BooleanGraphType>("useTemplate").DefaultValue(true).Description("false: a free-form analysis, not checked against any template.");
        Field(i => i.Provider, nullable: true).Description("A vision provider's name (see `providers`); default the configured one.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("referenceImageIds").Description("The photos to send; default all of them. The primary goes first, and a provider receives as many as it accepts.");
    }
}

internal sealed record AnalyzeProductPayload(AnalysisRun? Run, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static AnalyzeProductPayload Failed(PayloadError error) => new(null, [error]);
}

internal sealed class AnalyzeProductPayloadGraphType : PayloadGraphType<AnalyzeProductPayload>
{
    public AnalyzeProductPayloadGraphType()
        : base("AnalyzeProductPayload")
    {
        Field<AnalysisRunGraphType>("run").Description("The run started (PENDING); null when the request was refused.").Resolve(ctx => ctx.Source.Run);
    }
}

internal sealed partial class AnalyzeProductHandler(
    SpecsDbContext db,
    IProductCatalog catalog,
    TemplateCatalog templates,
    IAiProviderRegistry providers,
    IJobScheduler scheduler,
    IBudgetGuard budgets,
    IEventBus bus,
    IOptions<SpecsOptions> options,
    TimeProvider time,
    ILogger<AnalyzeProductHandler> logger)
{
    public async Task<AnalyzeProductPayload> StartAsync(AnalyzeProductInput input, long? callerId, CancellationToken cancellationToken)
    {
        if (!SpecsIds.TryProduct(input.ProductId, out var productId) || await catalog.FindProductAsync(productId, cancellationToken) is not { } product)
        {
            return AnalyzeProductPayload.Failed(SpecsIds.ProductNotFound);
        }

        if (product.IsArchived)
        {
            return AnalyzeProductPayload.Failed(new ProductArchivedError(input.ProductId));
        }

        SpecificationTemplate? template = null;
        if (input.UseTemplate)
        {
            template = input.TemplateVersion is { } version ? templates.Find(templates.Default.Name, version.Trim()) : templates.Default;
            if (template is null)
            {
                var known = string.Join(", ", templates.All.Where(t => t.Name == templates.Default.Name).Select(t => t.Version));
                return AnalyzeProductPayload.Failed(new ValidationError("templateVersion", $"No template version '{input.TemplateVersion}'; available: {known}."));
            }
        }

        var images = await catalog.ListReferenceImagesAsync(productId, cancellationToken);
        if (images.Count == 0)
        {
            return AnalyzeProductPayload.Failed(new NoReferenceImagesError(input.ProductId));
        }

        if (Choose(images, input.ReferenceImageIds) is not { } chosen)
        {
            return AnalyzeProductPayload.Failed(new ValidationError("referenceImageIds", "Every id must be a reference photo of this product, and at least one must be given (or leave the list out for all)."));
        }

        var choice = providers.Choose(AiCapabilities.Vision, string.IsNullOrWhiteSpace(input.Provider) ? null : input.Provider.Trim());
        if (choice.Provider is null)
        {
            return AnalyzeProductPayload.Failed(new ProviderUnavailableError(input.Provider, choice.ErrorCode ?? "NO_PROVIDER", choice.ErrorMessage ?? "No provider can analyse photos."));
        }

        var now = time.GetUtcNow();
        var run = new AnalysisRun
        {
            ProductId = productId,
            Status = AnalysisStatus.Pending,
            Provider = choice.Provider.Descriptor.Name,
            Model = choice.Provider.Descriptor.VisionModel,
            TemplateName = template?.Name,
            TemplateVersion = template?.Version,
            UseTemplate = template is not null,
            ReferenceImageIds = chosen,
            RequestedById = callerId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // Counted and added under the product's lock, so concurrent requests cannot all pass the check.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await SpecsProductLock.AcquireAsync(db, productId, cancellationToken);
            var unfinished = await db.AnalysisRuns.CountAsync(
                r => r.ProductId == productId && (r.Status == AnalysisStatus.Pending || r.Status == AnalysisStatus.Running), cancellationToken);
            var limit = options.Value.MaxUnfinishedRunsPerProduct;
            if (unfinished >= limit)
            {
                return AnalyzeProductPayload.Failed(new ConflictError($"The product already has {unfinished} analyses waiting or running (at most {limit}); wait for one to finish."));
            }

            // Under the budgets' locks too (held to the commit): a refusal stores nothing and pays for nothing.
            var plan = new PlannedSpend(callerId, productId, PaidCallKind.Vision, run.Provider, run.Model, Resolution: null, Calls: 1);
            if (await budgets.CheckAsync(db, plan, cancellationToken) is { } overBudget)
            {
                return AnalyzeProductPayload.Failed(overBudget);
            }

            db.AnalysisRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // The run is committed before its job exists; if this process dies in between, the recovery sweep schedules
        // it (docs/adr/0024-durable-jobs.md). A scheduling failure is therefore not the client's failure either.
        try
        {
            await scheduler.ScheduleAsync(AnalysisJob.Kind, run.Id.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSchedulingDeferred(logger, exception, run.Id);
        }

        await bus.PublishAsync(ProductActivityTopic.For(productId), "analysis", CancellationToken.None);
        return new AnalyzeProductPayload(run, []);
    }

    /// <summary>The ids to send, primary first then display order; null when one is not the product's (or none is given).</summary>
    private static long[]? Choose(IReadOnlyList<ReferenceImageInfo> images, List<string>? requested)
    {
        var ordered = images.OrderByDescending(i => i.IsPrimary).ThenBy(i => i.DisplayOrder).ToList();
        if (requested is null)
        {
            return [.. ordered.Select(i => i.Id)];
        }

        var ids = new HashSet<long>();
        foreach (var id in requested)
        {
            if (!SpecsIds.TryReferenceImage(id, out var key) || ordered.All(i => i.Id != key))
            {
                return null;
            }

            ids.Add(key);
        }

        return ids.Count == 0 ? null : [.. ordered.Where(i => ids.Contains(i.Id)).Select(i => i.Id)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis run {RunId} is stored but its job could not be scheduled now; the recovery sweep will schedule it")]
    private static partial void LogSchedulingDeferred(ILogger logger, Exception exception, long runId);
}
