using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Imaging;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Analysis;

/// <summary>
/// Specs.Contracts' describer: one picture through the analysis prompt (marked as a generated picture), the reply
/// read and validated as an analysis reply is, then compared with the specification by <see cref="SpecDiff"/>. Nothing
/// is stored here: the caller keeps the outcome with its picture.
/// </summary>
internal sealed partial class SpecificationDescriber(
    IDbContextFactory<SpecsDbContext> contexts,
    IProductCatalog catalog,
    IAiProviderRegistry providers,
    TemplateCatalog templates,
    ImageDecodeGate gate,
    IOptions<SpecsOptions> options,
    TimeProvider time,
    ILogger<SpecificationDescriber> logger) : ISpecificationDescriber
{
    public async Task<SpecificationDescription> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var choice = providers.Choose(AiCapabilities.Vision, request.Provider);
        var providerName = choice.Provider?.Descriptor.Name ?? request.Provider ?? "";
        if (choice.Provider is not { Vision: { } vision } provider)
        {
            return SpecificationDescription.Failed(providerName, "PROVIDER_UNAVAILABLE", choice.ErrorMessage ?? $"The provider '{request.Provider}' cannot describe pictures now.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var specification = await db.Specifications.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SpecificationId, cancellationToken);
        if (specification is null || await catalog.FindProductAsync(specification.ProductId, cancellationToken) is not { } product)
        {
            return SpecificationDescription.Failed(providerName, "SPECIFICATION_NOT_FOUND", "The specification to compare with no longer exists.");
        }

        // The specification's own template, so the description has its keys; a free-form one is described free-form.
        var template = specification.TemplateName is { } name ? templates.Find(name, specification.TemplateVersion ?? "") : null;
        PreparedImage image;
        try
        {
            var limits = provider.Descriptor.Limits;
            var (bytes, mimeType) = await ProviderImageFitting.FitAsync(
                request.Bytes, request.MimeType, request.Width, request.Height, limits.MaxImageEdge, limits.MaxImageBytes, gate, cancellationToken);
            image = new PreparedImage(0, bytes, mimeType);
        }
        catch (InvalidDataException exception)
        {
            return SpecificationDescription.Failed(providerName, "INVALID_IMAGE", $"The picture cannot be sent to the provider: {exception.Message}");
        }

        ChatMessageContent reply;
        try
        {
            reply = await CallAsync(vision, AnalysisPrompt.Build(product, template, [image], generatedPicture: true), request.SpecificationId, cancellationToken);
        }
        catch (AiProviderException exception)
        {
            return SpecificationDescription.Failed(providerName, exception.KindCode, exception.Message);
        }

        var callUsage = CallUsage.Of(reply);
        var usage = new DescriptionUsage(callUsage.Model, callUsage.InputTokens, callUsage.OutputTokens, callUsage.Duration);
        return Read(providerName, reply.Content, specification.YamlContent, template, usage);
    }

    /// <summary>The reply as a description: parsed, checked against the template, compared with the specification.</summary>
    private static SpecificationDescription Read(string provider, string? text, string specificationYaml, SpecificationTemplate? template, DescriptionUsage usage)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SpecificationDescription.Failed(provider, "EMPTY_REPLY", "The provider answered with no text.", usage);
        }

        if (SpecDocument.TryParse(ReplyYaml.Extract(text), SpecsLimits.Input, out var problem) is not { } described)
        {
            var where = problem!.Line is { } line ? $" (line {line}, column {problem.Column})" : "";
            return SpecificationDescription.Failed(provider, "UNPARSEABLE_REPLY", $"The provider's reply is not usable YAML: {problem.Message}{where}.", usage, Cut(text));
        }

        var errors = template is null ? [] : TemplateValidator.Validate(described, template).Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            return SpecificationDescription.Failed(
                provider,
                "INVALID_REPLY",
                $"The provider's reply breaks the template in {errors.Count} place(s); first: {errors[0].Path}: {errors[0].Message}",
                usage,
                Cut(text));
        }

        var yaml = described.ToYaml();
        var changes = SpecificationDiffs.Between(specificationYaml, yaml).Select(c => new SpecificationChange(c.Path, c.Before, c.After, c.Kind)).ToList();
        return new SpecificationDescription(provider, yaml, changes, usage, null, null);
    }

    /// <summary>The call, retried on transient failures with the analysis settings (attempts, back-off, longest wait).</summary>
    private async Task<ChatMessageContent> CallAsync(IChatCompletionService vision, ChatHistory chat, long specificationId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var replies = await vision.GetChatMessageContentsAsync(chat, cancellationToken: cancellationToken);
                return replies.Count > 0 ? replies[0] : throw new AiProviderException("vision", AiErrorKind.MalformedResponse, "The provider returned no message.");
            }
            catch (AiProviderException exception) when (exception.IsTransient && attempt < settings.AnalysisAttempts)
            {
                var wait = exception.RetryAfter ?? settings.RetryDelay * Math.Pow(2, attempt - 1);
                if (wait > settings.MaxRetryWait)
                {
                    throw;
                }

                LogRetry(logger, specificationId, exception.Kind, attempt, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    /// <summary>A reply kept for the reader of a failure: long enough to see what went wrong, never the whole of a huge one.</summary>
    private static string Cut(string text) => text.Length > 4000 ? text[..4000] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Describing a picture against specification {SpecificationId}: provider failed ({Kind}) on attempt {Attempt}; calling again in {Wait}")]
    private static partial void LogRetry(ILogger logger, long specificationId, AiErrorKind kind, int attempt, TimeSpan wait);
}
