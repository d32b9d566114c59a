using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Imaging.Colour;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Offline.Analysis;
using ProductDescriber.Providers.Offline.Reply;

namespace ProductDescriber.Providers.Offline;

/// <summary>"Vision" without a model: measures the images of the last user message and answers with the template the
/// request carries (<see cref="VisionTemplate"/>) filled from the measurements, or without one with the measurements
/// themselves, as YAML; plus the typed measurements in the metadata.</summary>
internal sealed class OfflineVisionService(TimeProvider time) : IChatCompletionService
{
    private const int MaxImages = 20;

    public IReadOnlyDictionary<string, object?> Attributes { get; } =
        new Dictionary<string, object?> { ["ModelId"] = OfflineProvider.VisionModel };

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var images = ImagesOf(chatHistory);
        var template = TemplateOf(chatHistory);
        return Task.Run<IReadOnlyList<ChatMessageContent>>(() => [Analyze(images, template, cancellationToken)], cancellationToken);
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var replies = await GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken).ConfigureAwait(false);
        var reply = replies[0];
        yield return new StreamingChatMessageContent(reply.Role, reply.Content, reply.InnerContent, 0, reply.ModelId, metadata: reply.Metadata);
    }

    private static List<ReadOnlyMemory<byte>> ImagesOf(ChatHistory chatHistory)
    {
        var message = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)
            ?? throw Invalid("The chat has no user message with images to analyse.");
        var images = message.Items.OfType<ImageContent>().ToList();
        if (images.Any(i => i.Data is null))
        {
            throw Invalid("The offline provider reads images sent as bytes or data URIs; it fetches no URL.");
        }

        if (images.Count == 0)
        {
            throw Invalid("The last user message holds no image to analyse.");
        }

        if (images.Count > MaxImages)
        {
            throw Invalid($"{images.Count} images were sent; the offline provider analyses at most {MaxImages}.");
        }

        return [.. images.Select(i => i.Data!.Value)];
    }

    /// <summary>The template to fill, read before any photo is measured so a bad one fails at once.</summary>
    private static TemplateYaml? TemplateOf(ChatHistory chatHistory)
    {
        if (VisionTemplate.Find(chatHistory) is not var (id, text))
        {
            return null;
        }

        try
        {
            return TemplateYaml.Parse(id, text);
        }
        catch (TemplateRefusedException e)
        {
            throw Invalid($"The template {id} cannot be filled: {e.Message}.");
        }
    }

    private ChatMessageContent Analyze(List<ReadOnlyMemory<byte>> images, TemplateYaml? template, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var analyses = new List<PhotoAnalysis>();
        for (var i = 0; i < images.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            analyses.Add(PhotoAnalyzer.Analyze(images[i], i, cancellationToken));
        }

        var measurements = Aggregate(analyses);
        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var text = template is null ? FreeFormReply.Write(measurements, date) : TemplateFiller.Fill(template, measurements, date);
        var usage = new AiUsage(OfflineProvider.ProviderName, OfflineProvider.VisionModel, null, null, Stopwatch.GetElapsedTime(started));
        return new ChatMessageContent(AuthorRole.Assistant, text, OfflineProvider.VisionModel, metadata: new Dictionary<string, object?>
        {
            [AiMetadata.Usage] = usage,
            [AiMetadata.Measurements] = measurements,
        });
    }

    /// <summary>One palette over all photos' product pixels (the primary first), and one transparency hint.</summary>
    internal static OfflineMeasurements Aggregate(IReadOnlyList<PhotoAnalysis> analyses)
    {
        var samples = analyses.SelectMany(a => a.ProductSamples).ToList();
        var photos = analyses.Select(a => a.Measurement).ToList();
        var seeThrough = photos.Average(p => p.SeeThroughShare);
        var colours = Palette.Extract(samples).Select(c => PhotoAnalyzer.Describe(c, 1 - seeThrough)).ToList();
        return new OfflineMeasurements(photos, colours, Transparency(photos, seeThrough));
    }

    private static TransparencyHint Transparency(IReadOnlyList<PhotoMeasurement> photos, double seeThrough)
    {
        var percentage = Math.Round(seeThrough * 100, 1);
        if (photos.All(p => p.Separation == "none"))
        {
            return new TransparencyHint(null, null, 0, "no backdrop could be separated");
        }

        var basis = photos.Any(p => p.Separation == "alpha")
            ? "share of partly transparent pixels inside the silhouette (image alpha)"
            : "share of pixels inside the silhouette that show the backdrop unchanged";
        return seeThrough switch
        {
            >= 0.15 => new TransparencyHint("transparent", percentage, 0.35, basis),
            >= 0.03 => new TransparencyHint("translucent", percentage, 0.25, basis),
            _ => new TransparencyHint("opaque", percentage, 0.2, basis),
        };
    }

    private static AiProviderException Invalid(string message) =>
        new(OfflineProvider.ProviderName, AiErrorKind.InvalidRequest, message);
}
