using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// How a vision request carries the specification template to fill: one <see cref="TextContent"/> item of the user
/// message, its text the template YAML and its <see cref="AiMetadata.Template"/> metadata the template's
/// <c>name@version</c>. A remote model reads it like any other text; a provider that fills templates itself finds it
/// here. Callers and providers both go through this class so the convention lives in one place.
/// </summary>
public static class VisionTemplate
{
    /// <summary>The item that carries template <paramref name="id"/> (<c>name@version</c>) with its YAML text.</summary>
    public static TextContent Item(string id, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new TextContent(text, metadata: new Dictionary<string, object?>(StringComparer.Ordinal) { [AiMetadata.Template] = id });
    }

    /// <summary>Adds the template item to <paramref name="userMessage"/> (after what it already holds).</summary>
    public static void Attach(ChatMessageContent userMessage, string id, string text)
    {
        ArgumentNullException.ThrowIfNull(userMessage);
        userMessage.Items.Add(Item(id, text));
    }

    /// <summary>
    /// The template item of the latest user message that has one: its id and text; null when the request carries no
    /// template (free-form analysis).
    /// </summary>
    public static (string Id, string Text)? Find(ChatHistory chatHistory)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        for (var m = chatHistory.Count - 1; m >= 0; m--)
        {
            if (chatHistory[m].Role != AuthorRole.User)
            {
                continue;
            }

            foreach (var item in chatHistory[m].Items)
            {
                if (item is TextContent { Text: { } text } content
                    && content.Metadata?.GetValueOrDefault(AiMetadata.Template) is string { Length: > 0 } id)
                {
                    return (id, text);
                }
            }
        }

        return null;
    }
}
