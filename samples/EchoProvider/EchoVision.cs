using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Samples.EchoProvider;

/// <summary>"Describes" photos by counting them: a fixed text, with the usage metadata every provider attaches.</summary>
internal sealed class EchoVision(TimeProvider clock) : IChatCompletionService
{
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = EchoProvider.VisionModel };

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = clock.GetTimestamp();
        var images = chatHistory.SelectMany(m => m.Items).OfType<ImageContent>().Count();
        if (images > EchoProvider.Limits.MaxReferenceImages)
        {
            throw new AiProviderException(EchoProvider.ProviderName, AiErrorKind.InvalidRequest, $"At most {EchoProvider.Limits.MaxReferenceImages} images per call, got {images}.");
        }

        var text = $"Echo received {images} image{(images == 1 ? "" : "s")} and describes them as: a product on a plain background.";
        var usage = new AiUsage(EchoProvider.ProviderName, EchoProvider.VisionModel, null, null, clock.GetElapsedTime(started));
        IReadOnlyList<ChatMessageContent> reply =
            [new ChatMessageContent(AuthorRole.Assistant, text, EchoProvider.VisionModel, metadata: new Dictionary<string, object?> { [AiMetadata.Usage] = usage })];
        return Task.FromResult(reply);
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var message in await GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken))
        {
            yield return new StreamingChatMessageContent(message.Role, message.Content, modelId: message.ModelId, metadata: message.Metadata);
        }
    }
}
