using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Analysis;

/// <summary>
/// Runs one analysis: photos and template to the provider, the reply extracted, parsed, validated and stored as the
/// product's new active version, in the same transaction that marks the run SUCCEEDED. At least once: a re-run after
/// a crash finds the run finished and does nothing, or runs again and still makes at most one version (unique
/// analysis_run_id).
/// </summary>
internal sealed partial class AnalysisJob(
    AnalysisRuns runs,
    IProductCatalog catalog,
    IAiProviderRegistry providers,
    TemplateCatalog templates,
    ImagePreparation preparation,
    IDbContextFactory<SpecsDbContext> contexts,
    SpecificationVersions versions,
    ICostLedger ledger,
    IEventBus bus,
    IOptions<SpecsOptions> options,
    TimeProvider time,
    ILogger<AnalysisJob> logger) : IDurableJob
{
    public const string Kind = "specs.analysis";

    public async Task RunAsync(DurableJobContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.WorkId, NumberStyles.None, CultureInfo.InvariantCulture, out var runId))
        {
            return;
        }

        var run = await runs.UpdateAsync(
            runId,
            r =>
            {
                r.Status = AnalysisStatus.Running;
                r.StartedAt ??= time.GetUtcNow();
            },
            cancellationToken);
        if (run is null || run.IsFinished)
        {
            return;
        }

        if (context.IsRecovery)
        {
            LogRecovered(logger, runId);
        }

        var answered = new AnsweredCall();
        try
        {
            await AnalyzeAsync(run, context, answered, cancellationToken);
        }
        catch (OperationCanceledException) when (context.ShuttingDown && !context.DeadlineExceeded)
        {
            // Left RUNNING on purpose: the job is recovered on restart or by another Host. The usage of a call that
            // answered is lost with it; its attempt was counted before the call.
            throw;
        }
        catch (OperationCanceledException) when (context.DeadlineExceeded)
        {
            await runs.FailAsync(runId, "TIMEOUT", "The analysis did not finish within its deadline.", usage: answered.Usage);
        }
        catch (AnalysisFailure failure)
        {
            await runs.FailAsync(runId, failure.Kind, failure.Message, failure.RawReply, failure.Issues, answered.Usage);
        }
        catch (AiProviderException exception)
        {
            await runs.FailAsync(runId, exception.KindCode, exception.Message, usage: answered.Usage);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A fault of ours (or the database): recorded as such, never left RUNNING. If even this write fails,
            // the run stays unfinished and the recovery sweep runs it again later.
            LogFault(logger, exception, runId);
            await runs.FailAsync(runId, "INTERNAL", "The analysis failed because of an internal error; it was logged.", usage: answered.Usage);
        }
    }

    private async Task AnalyzeAsync(AnalysisRun run, DurableJobContext context, AnsweredCall answered, CancellationToken cancellationToken)
    {
        if (await catalog.FindProductAsync(run.ProductId, cancellationToken) is not { } product)
        {
            return; // Deleted meanwhile: its runs went with it.
        }

        var photos = Select(await catalog.ListReferenceImagesAsync(product.Id, cancellationToken), run.ReferenceImageIds);
        if (photos.Count == 0)
        {
            throw new AnalysisFailure("NO_IMAGES", "The reference photos chosen for this analysis no longer exist.");
        }

        var choice = providers.Choose(AiCapabilities.Vision, run.Provider);
        if (choice.Provider?.Vision is not { } vision)
        {
            throw new AnalysisFailure("PROVIDER_UNAVAILABLE", choice.ErrorMessage ?? $"The provider '{run.Provider}' cannot analyse photos now.");
        }

        SpecificationTemplate? template = null;
        if (run.UseTemplate)
        {
            template = templates.Find(run.TemplateName ?? "", run.TemplateVersion ?? "")
                ?? throw new AnalysisFailure("TEMPLATE_UNAVAILABLE", $"The template {run.TemplateName} {run.TemplateVersion} is no longer available.");
        }

        var prepared = await preparation.PrepareAsync(photos, choice.Provider.Descriptor.Limits, cancellationToken);
        var reply = await CallAsync(run.Id, vision, AnalysisPrompt.Build(product, template, prepared), prepared.Count, context, cancellationToken);
        answered.Usage = CallUsage.Of(reply);

        var text = reply.Content;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AnalysisFailure("EMPTY_REPLY", "The provider answered with no text.");
        }

        if (SpecDocument.TryParse(ReplyYaml.Extract(text), SpecsLimits.Input, out var problem) is not { } document)
        {
            var where = problem!.Line is { } line ? $" (line {line}, column {problem.Column})" : "";
            throw new AnalysisFailure("UNPARSEABLE_REPLY", $"The provider's reply is not usable YAML: {problem.Message}{where}.", text);
        }

        IReadOnlyList<ValidationIssue> issues = template is null ? [] : TemplateValidator.Validate(document, template);
        var errors = issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new AnalysisFailure(
                "INVALID_REPLY",
                $"The provider's reply breaks the template in {errors.Count} place(s); first: {errors[0].Path}: {errors[0].Message}",
                text,
                [.. issues.Select(StoredIssues.From)]);
        }

        await SucceedAsync(run, product, document, template, issues, answered.Usage, cancellationToken);
    }

    /// <summary>The photos to send, primary first, then in display order.</summary>
    private static List<ReferenceImageInfo> Select(IReadOnlyList<ReferenceImageInfo> all, long[] chosen) =>
        [.. all.Where(i => chosen.Contains(i.Id)).OrderByDescending(i => i.IsPrimary).ThenBy(i => i.DisplayOrder)];

    /// <summary>
    /// Calls the provider, retrying transient failures. Each attempt is committed before its call (with the number of
    /// photos sent), so a crash during the call still shows it; the usage of the answer is written with the outcome.
    /// </summary>
    private async Task<ChatMessageContent> CallAsync(long runId, IChatCompletionService vision, ChatHistory chat, int imagesSent, DurableJobContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            await runs.UpdateAsync(
                runId,
                r =>
                {
                    r.ImagesSent = imagesSent;
                    r.Attempts++;
                },
                cancellationToken);
            try
            {
                var replies = await vision.GetChatMessageContentsAsync(chat, cancellationToken: cancellationToken);
                return replies.Count > 0 ? replies[0] : throw new AiProviderException("vision", AiErrorKind.MalformedResponse, "The provider returned no message.");
            }
            catch (AiProviderException exception) when (exception.IsTransient && attempt < settings.AnalysisAttempts)
            {
                var wait = exception.RetryAfter ?? settings.RetryDelay * Math.Pow(2, attempt - 1);
                if (wait > settings.MaxRetryWait || time.GetUtcNow() + wait > context.Deadline)
                {
                    throw;
                }

                LogRetry(logger, runId, exception.Kind, attempt, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private async Task SucceedAsync(
        AnalysisRun run, ProductInfo product, SpecDocument document, SpecificationTemplate? template, IReadOnlyList<ValidationIssue> issues, CallUsage? usage, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.AnalysisRuns
            .FromSql($"SELECT * FROM specs.analysis_runs WHERE id = {run.Id} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
        if (current is null || current.IsFinished)
        {
            return; // Finished by another execution of this job meanwhile.
        }

        Specification created;
        try
        {
            created = await versions.CreateAsync(
                db,
                new NewVersion(product, document, SpecificationSource.Analysis, template?.Name, template?.Version, issues, run.RequestedById, AnalysisRunId: run.Id),
                cancellationToken);
        }
        catch (DbUpdateException exception) when (SpecificationVersions.IsProductGone(exception))
        {
            return;
        }

        current.Status = AnalysisStatus.Succeeded;
        current.SpecificationId = created.Id;
        current.ValidationIssues = [.. issues.Select(StoredIssues.From)];
        current.CompletedAt = time.GetUtcNow();
        current.UpdatedAt = current.CompletedAt.Value;
        usage?.AddTo(current);
        if (usage is not null)
        {
            // The call's cost row commits with the run's usage and its version.
            await ledger.RecordAsync(db, usage.ToPaidCall(current, current.CompletedAt.Value, created.Version, outcome: null), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var raised = await runs.StoreEndAsync(db, current, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await versions.BackUpAsync(db, product, created, CancellationToken.None);
        await AnalysisRunEvents.PublishAsync(bus, current);
        await runs.DispatchEndAsync(raised);
    }

    /// <summary>RATE_LIMITED, CONTENT_BLOCKED, ...: the provider's error kind as clients read it.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis run {RunId} resumed after its previous execution was interrupted")]
    private static partial void LogRecovered(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis run {RunId}: provider failed ({Kind}) on attempt {Attempt}; calling again in {Wait}")]
    private static partial void LogRetry(ILogger logger, long runId, AiErrorKind kind, int attempt, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Analysis run {RunId} failed with an unexpected error")]
    private static partial void LogFault(ILogger logger, Exception exception, long runId);
}
