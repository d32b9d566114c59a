using System.Globalization;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Descriptions;

/// <summary>
/// Describes one stored picture (work id: the image's id) with Specs' describer and keeps the outcome, DONE with the
/// changes against the specification or FAILED with the reason, on the image's row with the call's cost row. A
/// failure here never touches the image or its request. At least once: a re-run finds a finished description and
/// does nothing (no call, no payment); a re-run of an unfinished one calls again, as an analysis run does.
/// </summary>
internal sealed partial class DescribeImageJob(
    ImageDescriptions descriptions,
    ISpecificationDescriber describer,
    IFileStorage storage,
    ICostLedger ledger,
    TimeProvider time,
    ILogger<DescribeImageJob> logger) : IDurableJob
{
    public const string Kind = "generation.describe";

    public async Task RunAsync(DurableJobContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.WorkId, NumberStyles.None, CultureInfo.InvariantCulture, out var imageId)
            || await descriptions.StartAsync(imageId, cancellationToken) is not var (image, request))
        {
            return;
        }

        var attempt = image.Description!.Attempt;
        try
        {
            var outcome = await DescribeAsync(image, request, cancellationToken);
            var paid = outcome.Usage is null ? null : PaidFor(image, request, outcome);
            await descriptions.FinishAsync(imageId, attempt, d => Recorded(d, outcome), paid, ledger);
        }
        catch (OperationCanceledException) when (context.ShuttingDown && !context.DeadlineExceeded)
        {
            throw; // Left RUNNING: recovered on restart or by another Host.
        }
        catch (OperationCanceledException) when (context.DeadlineExceeded)
        {
            await descriptions.FinishAsync(imageId, attempt, d => Failed(d, "TIMEOUT", "The description did not finish within its deadline."), null, ledger);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFault(logger, exception, imageId);
            await descriptions.FinishAsync(imageId, attempt, d => Failed(d, "INTERNAL", "The description failed because of an internal error; it was logged."), null, ledger);
        }
    }

    private async Task<SpecificationDescription> DescribeAsync(GalleryImage image, GenerationRequest request, CancellationToken cancellationToken)
    {
        await using var file = await storage.OpenReadAsync(image.StorageKey, cancellationToken);
        if (file is null)
        {
            return SpecificationDescription.Failed(image.Description!.Provider, "IMAGE_MISSING", "The picture's file is gone from storage.");
        }

        using var buffer = new MemoryStream();
        await file.Content.CopyToAsync(buffer, cancellationToken);
        return await describer.DescribeAsync(
            new DescribeRequest(buffer.ToArray(), image.MimeType, image.Width, image.Height, request.SpecificationId, image.Description!.Provider),
            cancellationToken);
    }

    private static ImageDescription Recorded(ImageDescription description, SpecificationDescription outcome)
    {
        var usage = outcome.Usage;
        var used = description with
        {
            Model = usage?.Model ?? description.Model,
            InputTokens = usage?.InputTokens,
            OutputTokens = usage?.OutputTokens,
            DurationMs = usage is null ? null : (long)usage.Duration.TotalMilliseconds,
        };
        return outcome.Succeeded
            ? used with
            {
                Status = DescriptionStatus.Done,
                Yaml = outcome.Yaml,
                Changes = [.. outcome.Changes.Select(c => new DescriptionChange(c.Path, c.Before, c.After, c.Kind))],
            }
            : Failed(used, outcome.ErrorKind!, outcome.ErrorMessage ?? outcome.ErrorKind!);
    }

    private static ImageDescription Failed(ImageDescription description, string kind, string message) =>
        description with { Status = DescriptionStatus.Failed, ErrorKind = kind, ErrorMessage = message.Length > 4000 ? message[..4000] : message };

    /// <summary>The answered call's cost row, named by image and attempt: one row per description asked for, however often the job runs.</summary>
    private PaidCall PaidFor(GalleryImage image, GenerationRequest request, SpecificationDescription outcome) => new(
        string.Create(CultureInfo.InvariantCulture, $"generation:{request.Id}:image:{image.Index}:describe:{image.Description!.Attempt}"),
        PaidCallKind.Vision,
        outcome.Provider,
        outcome.Usage!.Model,
        time.GetUtcNow(),
        image.ProductId,
        image.Description.RequestedById,
        request.Id,
        AnalysisRunId: null,
        image.SpecificationVersion,
        Resolution: null,
        Images: 0,
        outcome.Usage.InputTokens,
        outcome.Usage.OutputTokens,
        (long)outcome.Usage.Duration.TotalMilliseconds,
        outcome.ErrorKind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Describing generated image {ImageId} failed with an unexpected error")]
    private static partial void LogFault(ILogger logger, Exception exception, long imageId);
}
