using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>Vision over generateContent: a chat with text and image items in, the model's text out.</summary>
internal sealed class GeminiChatCompletionService(GeminiTransport transport, GeminiOptions options, TimeProvider time)
    : IChatCompletionService
{
    public IReadOnlyDictionary<string, object?> Attributes { get; } =
        new Dictionary<string, object?> { [AIServiceExtensions.ModelIdKey] = options.VisionModel };

    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        CancellationToken cancellationToken = default)
    {
        var model = GeminiOptions.CanonicalModel(executionSettings?.ModelId ?? options.VisionModel);
        var body = GeminiRequests.Vision(chatHistory, executionSettings);
        var started = time.GetTimestamp();
        using var document = await transport.GenerateContentAsync(model, body, imageCall: false, cancellationToken);
        var reply = GeminiReply.Parse(document);
        reply.EnsureUsable(wantImage: false);

        var usage = new AiUsage(
            GeminiErrors.Provider, reply.ModelVersion ?? model, reply.PromptTokens, reply.OutputTokens, time.GetElapsedTime(started));
        var metadata = new Dictionary<string, object?>
        {
            [AiMetadata.Usage] = usage,
            ["FinishReason"] = reply.FinishReason,
        };
        return [new ChatMessageContent(AuthorRole.Assistant, reply.Text, model, metadata: metadata)];
    }

    /// <summary>No token streaming: the whole answer arrives as one chunk (callers parse the full text anyway).</summary>
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var replies = await GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);
        foreach (var reply in replies)
        {
            yield return new StreamingChatMessageContent(reply.Role, reply.Content, modelId: reply.ModelId, metadata: reply.Metadata);
        }
    }
}
