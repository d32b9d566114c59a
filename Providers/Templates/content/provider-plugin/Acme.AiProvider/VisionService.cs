using System.Diagnostics;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace Acme.AiProvider;

/// <summary>
/// Vision: a chat history with text and image items in, text out. This one answers from what it was sent, so the
/// plugin works end to end before it talks to a model; replace <see cref="AnswerAsync"/> with your API call
/// (an HttpClient with AddAiProviderResilience, docs/writing-a-provider.md sections 3, 5 and 6).
/// </summary>
internal sealed class VisionService(ProviderOptions options) : IChatCompletionService
{
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var started = Stopwatch.GetTimestamp();
        var text = await AnswerAsync(chatHistory, cancellationToken);
        var usage = new AiUsage(ProviderModule.ProviderName, options.VisionModel, InputTokens: null, OutputTokens: null, Stopwatch.GetElapsedTime(started));
        return [new ChatMessageContent(AuthorRole.Assistant, text, options.VisionModel, metadata: new Dictionary<string, object?> { [AiMetadata.Usage] = usage })];
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reply = (await GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken))[0];
        yield return new StreamingChatMessageContent(reply.Role, reply.Content, modelId: reply.ModelId, metadata: reply.Metadata);
    }

    private static Task<string> AnswerAsync(ChatHistory chatHistory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var images = chatHistory.SelectMany(m => m.Items).OfType<ImageContent>().Count();
        return Task.FromResult($"acme received {images} images.");
    }
}
