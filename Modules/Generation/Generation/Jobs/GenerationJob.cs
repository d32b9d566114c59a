using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Imaging;
using ProductDescriber.Imaging.Provenance;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Jobs;

/// <summary>
/// Makes a request's pictures: every reference photo the provider accepts (primary first) and the stored prompt go
/// to the provider, each picture is stored the moment it arrives, and the request ends SUCCEEDED, PARTIAL, FAILED or
/// CANCELLED with a reason per missing picture. At least once: a re-run after a crash asks only for the indices not
/// stored yet, so no picture is stored, or paid for, twice.
/// </summary>
internal sealed partial class GenerationJob(
    GenerationRequests requests,
    GalleryImageStore gallery,
    IProductCatalog catalog,
    ISpecificationCatalog specifications,
    FidelityTargetsCache fidelityTargets,
    IAiProviderRegistry providers,
    ImageDecodeGate gate,
    GenerationThrottle throttle,
    CancellationWatch cancellations,
    DescribeScheduling describing,
    ICostLedger ledger,
    IOptions<GenerationOptions> options,
    TimeProvider time,
    ILogger<GenerationJob> logger) : IDurableJob
{
    public const string Kind = "generation.images";

    public async Task RunAsync(DurableJobContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.WorkId, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId)
            || await requests.FindAsync(requestId, cancellationToken) is not { IsFinished: false } waiting)
        {
            return;
        }

        using var slot = await throttle.EnterAsync(waiting.Provider, cancellationToken);
        await using var watch = cancellations.Watch(requestId, cancellationToken);

        // What earlier runs stored (a re-run after a crash); kept up to date here, so finishing needs no re-read.
        // If pictures are missing, the first provider call is counted with the move to RUNNING: one commit less.
        var progress = new JobProgress((await gallery.ListAsync(requestId, cancellationToken)).Select(i => i.Index));
        progress.PrepaidAttempt = progress.Stored.Count < waiting.Count && waiting.CancelRequestedAt is null;
        var request = await requests.UpdateAsync(
            requestId,
            r =>
            {
                r.Status = GenerationStatus.Running;
                r.StartedAt ??= time.GetUtcNow();
                r.Attempts += progress.PrepaidAttempt ? 1 : 0;
            },
            cancellationToken);
        if (request is null || request.IsFinished)
        {
            return;
        }

        if (context.IsRecovery)
        {
            LogRecovered(logger, requestId);
        }

        try
        {
            if (request.CancelRequestedAt is not null)
            {
                throw new OperationCanceledException("Cancelled before it started.");
            }

            await GenerateAsync(request, progress, context, watch.Token);
            await FinishAsync(request, progress, reason: null);
        }
        catch (OperationCanceledException) when (watch.CancelRequested || request.CancelRequestedAt is not null)
        {
            await FinishAsync(request, progress, reason: null, cancelled: true);
        }
        catch (OperationCanceledException) when (context.ShuttingDown && !context.DeadlineExceeded)
        {
            // Left RUNNING on purpose: the job is recovered on restart or by another Host.
            throw;
        }
        catch (OperationCanceledException) when (context.DeadlineExceeded)
        {
            await FinishAsync(request, progress, new ImageFailure(0, "TIMEOUT", "The request did not finish within its deadline."));
        }
        catch (GenerationFailure failure)
        {
            await FinishAsync(request, progress, new ImageFailure(0, failure.Kind, failure.Message));
        }
        catch (AiProviderException exception)
        {
            await FinishAsync(request, progress, new ImageFailure(0, exception.KindCode, exception.Message));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A fault of ours (or the database): recorded as such, never left RUNNING. If even this write fails,
            // the request stays unfinished and the recovery sweep runs it again later.
            LogFault(logger, exception, requestId);
            await FinishAsync(request, progress, new ImageFailure(0, "INTERNAL", "The generation failed because of an internal error; it was logged."));
        }
    }

    private async Task GenerateAsync(GenerationRequest request, JobProgress progress, DurableJobContext context, CancellationToken cancellationToken)
    {
        if (await catalog.FindProductAsync(request.ProductId, cancellationToken) is not { } product)
        {
            return; // Deleted meanwhile: its requests went with it, so finishing finds nothing to update.
        }

        var choice = providers.Choose(AiCapabilities.ImageGeneration, request.Provider);
        if (choice.Provider is not { Images: { } images } provider)
        {
            throw new GenerationFailure("PROVIDER_UNAVAILABLE", choice.ErrorMessage ?? $"The provider '{request.Provider}' cannot make pictures now.");
        }

        var remaining = new SortedSet<int>(Enumerable.Range(0, request.Count).Where(i => !progress.Stored.Contains(i)));
        if (remaining.Count == 0)
        {
            return; // A re-run after every picture was stored: only the ending is left.
        }

        var photos = await PreparePhotosAsync(request, provider.Descriptor.Limits, cancellationToken);
        var sourceType = provider.Descriptor.Name == "offline" ? DigitalSourceTypes.CompositeWithTrainedAlgorithmicMedia : DigitalSourceTypes.TrainedAlgorithmicMedia;
        // Every picture of the request is measured against the same version, whose targets never change.
        var targets = await fidelityTargets.GetAsync(
            request.SpecificationId,
            async () => await specifications.FindAsync(request.SpecificationId, cancellationToken) is { } specification ? FidelityTargets.From(specification) : null);
        var call = new ImageCall(request, product, images, photos, sourceType, targets, Math.Max(1, provider.Descriptor.Limits.MaxImagesPerCall), progress);

        var failedAttempts = 0;
        while (remaining.Count > 0)
        {
            var (start, count) = NextRun(remaining, call.MaxPerCall);
            try
            {
                await CallAsync(call, start, count, remaining, cancellationToken);
                failedAttempts = 0;
            }
            catch (AiProviderException exception) when (exception.Kind == AiErrorKind.NoImage)
            {
                // A reply without a picture, which Gemini reports as an error rather than as a short reply: the same
                // answer as a short reply, so this run's missing pictures are NO_IMAGE and the later runs still go.
                await RecordFailuresAsync(request.Id, Enumerable.Range(start, count).Where(remaining.Contains), exception.KindCode, exception.Message);
                remaining.ExceptWith(Enumerable.Range(start, count));
                failedAttempts = 0;
            }
            catch (AiProviderException exception) when (exception.IsTransient)
            {
                failedAttempts++;
                var wait = exception.RetryAfter ?? options.Value.RetryDelay * Math.Pow(2, failedAttempts - 1);
                if (failedAttempts >= options.Value.AttemptsPerImage || wait > options.Value.MaxRetryWait || time.GetUtcNow() + wait > context.Deadline)
                {
                    // This run of pictures is given up; the others still get their turn (a provider that keeps
                    // failing makes each run fail the same bounded way, so a poison request ends FAILED).
                    await RecordFailuresAsync(request.Id, Enumerable.Range(start, count).Where(remaining.Contains), exception.KindCode, exception.Message);
                    remaining.ExceptWith(Enumerable.Range(start, count));
                    failedAttempts = 0;
                    continue;
                }

                LogRetry(logger, request.Id, exception.Kind, failedAttempts, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// One provider call for indices start .. start + count - 1, storing each picture as it arrives. The call is
    /// counted in the request's attempts before it is made (the first one with the move to RUNNING), so a call cut
    /// off by a crash still counts.
    /// </summary>
    private async Task CallAsync(ImageCall call, int start, int count, SortedSet<int> remaining, CancellationToken cancellationToken)
    {
        var request = call.Request;
        if (call.Progress.PrepaidAttempt)
        {
            call.Progress.PrepaidAttempt = false;
        }
        else
        {
            await requests.UpdateAsync(request.Id, r => r.Attempts++, cancellationToken);
        }

        var ask = new ImageGenerationRequest(
            request.EffectivePrompt,
            call.Photos,
            AspectRatio.TryParse(request.AspectRatio, out var ratio) ? ratio : AspectRatio.Square,
            ImageResolutions.TryParse(request.Resolution, out var resolution) ? resolution : ImageResolution.OneK,
            count,
            start,
            request.Seed);

        await foreach (var picture in call.Images.GenerateAsync(ask, cancellationToken))
        {
            if (picture.Index < start || picture.Index >= start + count || !remaining.Contains(picture.Index))
            {
                continue; // Not asked for, or a repeat: never stored twice.
            }

            var (saved, failure) = await gallery.SaveAsync(request, call.Product, picture, call.SourceType, call.Targets, cancellationToken);
            remaining.Remove(picture.Index);
            if (failure is not null)
            {
                await RecordFailuresAsync(request.Id, [picture.Index], failure.Kind, failure.Message);
                continue;
            }

            await RecordImageAsync(call, saved!, picture.Usage, last: remaining.Count == 0);
        }

        var missing = Enumerable.Range(start, count).Where(remaining.Contains).ToList();
        if (missing.Count > 0)
        {
            // The provider answered without every picture (a filter, a short reply): not retried, since the same
            // request gets the same answer.
            await RecordFailuresAsync(request.Id, missing, "NO_IMAGE", "The provider's answer had no picture for this index.");
            remaining.ExceptWith(missing);
        }
    }

    /// <summary>
    /// The picture's row and the request's progress in one commit; the last picture of a request with nothing
    /// missing also ends it (SUCCEEDED) in that commit.
    /// </summary>
    private async Task RecordImageAsync(ImageCall call, SavedImage saved, AiUsage usage, bool last)
    {
        var progress = call.Progress;
        var image = saved.Image;
        var stored = progress.Stored.Append(image.Index).ToHashSet();
        var finish = last && stored.Count == call.Request.Count ? requests.Finish(stored.Count, stored, reason: null) : null;
        var applied = false;
        void Change(GenerationRequest r)
        {
            applied = true; // Not called when the request was finished (cancelled) or deleted meanwhile.
            r.ImagesDone++;
            r.Model = image.Model ?? r.Model;
            r.InputTokens = Add(r.InputTokens, usage.InputTokens);
            r.OutputTokens = Add(r.OutputTokens, usage.OutputTokens);
            r.DurationMs = (r.DurationMs ?? 0) + (long)usage.Duration.TotalMilliseconds;
            r.Failures = [.. r.Failures.Where(f => f.Index != image.Index)];
            finish?.Invoke(r);
        }

        // The picture's cost row commits with it (its key is the index's, so a re-run cannot add a second one).
        var paid = PaidFor(call.Request, image, usage);
        try
        {
            await requests.UpdateAsync(
                call.Request.Id,
                Change,
                async (db, token) =>
                {
                    await gallery.InsertAsync(db, saved, token);
                    await ledger.RecordAsync(db, paid, token);
                },
                CancellationToken.None);
            if (applied)
            {
                progress.Stored.Add(image.Index);
                progress.Finished = finish is not null;
                if (image.Description is not null)
                {
                    await describing.ScheduleAsync(image.Id);
                }
            }
            else
            {
                // The row was not written and the file's upload stays unconfirmed (the file ledger removes it), but
                // the provider delivered the picture and bills it all the same.
                await ledger.RecordAsync(paid, CancellationToken.None);
            }
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another run of this job stored this index first: its row stands, and so does its progress.
            await gallery.SettleDuplicateAsync(saved, CancellationToken.None);
            progress.Stored.Add(image.Index);
        }
    }

    private PaidCall PaidFor(GenerationRequest request, GalleryImage image, AiUsage usage) => new(
        $"generation:{request.Id.ToString(CultureInfo.InvariantCulture)}:image:{image.Index.ToString(CultureInfo.InvariantCulture)}",
        PaidCallKind.Image,
        request.Provider,
        image.Model ?? usage.Model ?? request.Model,
        time.GetUtcNow(),
        request.ProductId,
        request.RequestedById,
        request.Id,
        AnalysisRunId: null,
        request.SpecificationVersion,
        request.Resolution,
        Images: 1,
        usage.InputTokens,
        usage.OutputTokens,
        (long)usage.Duration.TotalMilliseconds);

    private Task RecordFailuresAsync(long requestId, IEnumerable<int> indices, string kind, string message)
    {
        var failed = indices.ToList();
        return requests.UpdateAsync(
            requestId,
            r => r.Failures = [.. r.Failures.Where(f => !failed.Contains(f.Index)).Concat(failed.Select(i => new ImageFailure(i, kind, message))).OrderBy(f => f.Index)],
            CancellationToken.None);
    }

    private async Task FinishAsync(GenerationRequest request, JobProgress progress, ImageFailure? reason, bool cancelled = false)
    {
        if (progress.Finished)
        {
            return;
        }

        // A call counted with the move to RUNNING but never made (the job failed or was cancelled first) is taken back.
        var unmade = progress.PrepaidAttempt ? 1 : 0;
        var finish = requests.Finish(progress.Stored.Count, progress.Stored, reason, cancelled);
        await requests.UpdateAsync(
            request.Id,
            r =>
            {
                r.Attempts -= unmade;
                finish(r);
            },
            CancellationToken.None);
    }

    /// <summary>The request's photos that still exist, in the order chosen, fitted to the provider's limits.</summary>
    private async Task<IReadOnlyList<InputImage>> PreparePhotosAsync(GenerationRequest request, AiProviderLimits limits, CancellationToken cancellationToken)
    {
        var all = await catalog.ListReferenceImagesAsync(request.ProductId, cancellationToken);
        var chosen = request.ReferenceImageIds.Select(id => all.FirstOrDefault(p => p.Id == id)).OfType<ReferenceImageInfo>().ToList();
        if (chosen.Count == 0)
        {
            throw new GenerationFailure("NO_IMAGES", "The reference photos chosen for this request no longer exist.");
        }

        var prepared = new List<InputImage>();
        foreach (var photo in chosen.Take(Math.Max(1, limits.MaxReferenceImages)))
        {
            await using var stream = await catalog.OpenReferenceImageAsync(photo, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            var (bytes, mimeType) = await ProviderImageFitting.FitAsync(
                buffer.ToArray(), photo.MimeType, photo.Width, photo.Height, limits.MaxImageEdge, limits.MaxImageBytes, gate, cancellationToken);
            prepared.Add(new InputImage(bytes, mimeType, IsPrimary: prepared.Count == 0));
        }

        return prepared;
    }

    /// <summary>The first contiguous run of missing indices, at most <paramref name="max"/> long.</summary>
    private static (int Start, int Count) NextRun(SortedSet<int> remaining, int max)
    {
        var start = remaining.Min;
        var count = 1;
        while (count < max && remaining.Contains(start + count))
        {
            count++;
        }

        return (start, count);
    }

    private static int? Add(int? a, int? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private sealed record ImageCall(GenerationRequest Request, ProductInfo Product, IImageGenerationService Images, IReadOnlyList<InputImage> Photos, string SourceType, FidelityTargets Targets, int MaxPerCall, JobProgress Progress);

    /// <summary>What this execution knows of the request's pictures and calls that the request row does not show yet.</summary>
    private sealed class JobProgress(IEnumerable<int> stored)
    {
        public HashSet<int> Stored { get; } = [.. stored];

        /// <summary>True while the provider call counted with the move to RUNNING has not been made yet.</summary>
        public bool PrepaidAttempt { get; set; }

        /// <summary>True once the request was ended along with its last picture.</summary>
        public bool Finished { get; set; }

    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation request {RequestId} resumed after its previous execution was interrupted")]
    private static partial void LogRecovered(ILogger logger, long requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation request {RequestId}: provider failed ({Kind}) on attempt {Attempt}; calling again in {Wait}")]
    private static partial void LogRetry(ILogger logger, long requestId, AiErrorKind kind, int attempt, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation request {RequestId} failed with an unexpected error")]
    private static partial void LogFault(ILogger logger, Exception exception, long requestId);
}

/// <summary>A request that cannot go on, for a reason of ours (not the provider's): kind and message for the client.</summary>
internal sealed class GenerationFailure(string kind, string message) : Exception(message)
{
    public string Kind { get; } = kind;
}
