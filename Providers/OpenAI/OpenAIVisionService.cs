using System.ClientModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;
using ProductDescriber.Providers.Abstractions;
using ChatMessageContent = Microsoft.SemanticKernel.ChatMessageContent;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>
/// SK's OpenAI chat service with our defaults (generous completion budget, no temperature, high image detail),
/// typed errors instead of SK's HTTP exceptions, and <see cref="AiUsage"/> on every reply.
/// </summary>
internal sealed class OpenAIVisionService(IChatCompletionService inner, OpenAIOptions options) : IChatCompletionService
{
    // Read by SK 1.82's OpenAI connector from ImageContent.Metadata; "high" lets the model read small label text.
    internal const string DetailLevelKey = "ChatImageDetailLevel";

    public IReadOnlyDictionary<string, object?> Attributes => inner.Attributes;

    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        CancellationToken cancellationToken = default)
    {
        var settings = Prepare(chatHistory, executionSettings);
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<ChatMessageContent> replies;
        try
        {
            replies = await inner.GetChatMessageContentsAsync(chatHistory, settings, kernel, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        foreach (var reply in replies)
        {
            Check(reply);
            Attach(reply, settings.ModelId ?? options.VisionModel, duration);
        }

        return replies;
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var settings = Prepare(chatHistory, executionSettings);
        var stream = inner.GetStreamingChatMessageContentsAsync(chatHistory, settings, kernel, cancellationToken);
        await using var parts = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatMessageContent part;
            try
            {
                if (!await parts.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                part = parts.Current;
            }
            catch (Exception e) when (Map(e, cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            yield return part;
        }
    }

    private OpenAIPromptExecutionSettings Prepare(ChatHistory history, PromptExecutionSettings? given)
    {
        if (!options.IsConfigured)
        {
            throw OpenAIErrors.NotConfigured();
        }

        // A copy: the caller's settings may be frozen or shared with other providers.
        var settings = given is null
            ? new OpenAIPromptExecutionSettings()
            : (OpenAIPromptExecutionSettings)OpenAIPromptExecutionSettings.FromExecutionSettings(given).Clone();
        settings.MaxTokens ??= options.MaxCompletionTokens;

        // GPT-5.x answers 400 unsupported_value to any temperature but the default; callers do not know the model.
        settings.Temperature = null;
        foreach (var image in history.SelectMany(m => m.Items).OfType<ImageContent>())
        {
            if (image.Metadata?.ContainsKey(DetailLevelKey) != true)
            {
                var metadata = image.Metadata is null ? [] : new Dictionary<string, object?>(image.Metadata);
                metadata[DetailLevelKey] = "high";
                image.Metadata = metadata;
            }
        }

        return settings;
    }

    private static void Check(ChatMessageContent reply)
    {
        var metadata = reply.Metadata;
        if (metadata?.TryGetValue("Refusal", out var refusal) == true && refusal is string { Length: > 0 } reason)
        {
            throw new AiProviderException(OpenAIErrors.Provider, AiErrorKind.ContentBlocked, "the model refused: " + Short(reason))
            {
                ProviderCode = "refusal",
                Detail = Short(reason),
            };
        }

        var finish = metadata?.TryGetValue("FinishReason", out var f) == true ? f?.ToString() : null;
        var normalised = finish?.Replace("_", "", StringComparison.Ordinal);
        if (string.Equals(normalised, "ContentFilter", StringComparison.OrdinalIgnoreCase))
        {
            throw new AiProviderException(OpenAIErrors.Provider, AiErrorKind.ContentBlocked, "the reply was withheld by the content filter")
            {
                ProviderCode = "content_filter",
            };
        }

        if (string.Equals(normalised, "Length", StringComparison.OrdinalIgnoreCase))
        {
            throw new AiProviderException(OpenAIErrors.Provider, AiErrorKind.Truncated,
                "the answer hit the token limit before it was complete (raise MaxCompletionTokens)")
            {
                ProviderCode = "length",
                Detail = Short(reply.Content),
            };
        }
    }

    private static void Attach(ChatMessageContent reply, string model, TimeSpan duration)
    {
        var tokens = reply.Metadata?.TryGetValue("Usage", out var u) == true ? u as ChatTokenUsage : null;
        var metadata = reply.Metadata is null ? [] : new Dictionary<string, object?>(reply.Metadata);
        metadata[AiMetadata.Usage] = new AiUsage(
            OpenAIErrors.Provider, reply.ModelId ?? model, tokens?.InputTokenCount, tokens?.OutputTokenCount, duration);
        reply.Metadata = metadata;
    }

    private AiProviderException? Map(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is AiProviderException || cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (AiProviderResilience.TimeoutOf(exception) is { } limit)
        {
            return OpenAIErrors.Timeout(limit, null);
        }

        // The SDK's exception text quotes the response body, which can quote the key: keep only what we redacted.
        if (exception is HttpOperationException { StatusCode: { } status } http)
        {
            var retryAfter = (http.InnerException as ClientResultException)?.GetRawResponse() is { } raw
                             && raw.Headers.TryGetValue("Retry-After", out var value)
                ? AiRetryRules.RetryAfter(value, DateTimeOffset.UtcNow)
                : null;
            return OpenAIErrors.FromHttp((int)status, http.ResponseContent, retryAfter, options.ApiKey);
        }

        if (exception is JsonException || exception.InnerException is JsonException
            || exception is HttpOperationException { StatusCode: null, InnerException: not HttpRequestException })
        {
            return OpenAIErrors.Malformed(exception.GetType().Name);
        }

        if (exception is HttpOperationException { InnerException: HttpRequestException } or HttpRequestException)
        {
            return new AiProviderException(OpenAIErrors.Provider, AiErrorKind.Unavailable, "the service could not be reached");
        }

        return null;
    }

    private static string? Short(string? text) => text is null ? null : text.Length <= 300 ? text : text[..300] + "...";
}
