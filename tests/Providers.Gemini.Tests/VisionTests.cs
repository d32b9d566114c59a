using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Gemini.Tests.Support;

namespace ProductDescriber.Providers.Gemini.Tests;

public sealed class VisionTests
{
    internal static ChatHistory Photos(params byte[][] images)
    {
        var history = new ChatHistory("You describe products for a catalogue.");
        var items = new ChatMessageContentItemCollection { new TextContent("Fill in the template.") };
        foreach (var image in images)
        {
            items.Add(new ImageContent(image, "image/png"));
        }

        history.Add(new ChatMessageContent(AuthorRole.User, items));
        return history;
    }

    [Fact]
    public async Task A_chat_with_a_photo_is_sent_as_system_instruction_and_inline_data_and_the_text_comes_back_with_usage()
    {
        await using var gemini = await GeminiHarness.StartAsync(new() { ["Providers:Gemini:VisionModel"] = "gemini-pro-latest" });
        var photo = Convert.FromBase64String(GeminiFixtures.RedPng);

        var replies = await gemini.Provider.Vision!.GetChatMessageContentsAsync(Photos(photo));

        var request = Assert.Single(gemini.Fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1beta/models/gemini-pro-latest:generateContent", request.Path);
        Assert.Equal(GeminiFixtures.ApiKey, request.ApiKey);
        Assert.Equal("", request.Query);
        Assert.Equal(
            "You describe products for a catalogue.",
            request.Body.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        var content = Assert.Single(request.Body.GetProperty("contents").EnumerateArray());
        Assert.Equal("user", content.GetProperty("role").GetString());
        var parts = content.GetProperty("parts");
        Assert.Equal("Fill in the template.", parts[0].GetProperty("text").GetString());
        var inline = parts[1].GetProperty("inline_data");
        Assert.Equal("image/png", inline.GetProperty("mime_type").GetString());
        Assert.Equal(photo, Convert.FromBase64String(inline.GetProperty("data").GetString()!));

        var reply = Assert.Single(replies);
        Assert.Equal("colour: red\nmaterial: cotton\n", reply.Content);
        var usage = Assert.IsType<AiUsage>(reply.Metadata![AiMetadata.Usage]);
        Assert.Equal("gemini", usage.Provider);
        Assert.Equal("gemini-flash-latest", usage.Model);
        Assert.Equal(812, usage.InputTokens);
        Assert.Equal(24, usage.OutputTokens);
        Assert.True(usage.Duration > TimeSpan.Zero);
    }

    /// <summary>Specs attaches the template as a text item (ADR 0027): a remote model gets it verbatim, comments and all.</summary>
    [Fact]
    public async Task A_template_item_goes_out_verbatim_as_a_text_part()
    {
        const string template = "metadata:\n  template_version: \"1.0\"  # string\n  image_count: null  # integer\ncolors:\n  primary:\n    hex: null  # hex\n";
        await using var gemini = await GeminiHarness.StartAsync();
        var history = Photos(Convert.FromBase64String(GeminiFixtures.RedPng));
        VisionTemplate.Attach(history[^1], "product-analysis@1.0", template);

        await gemini.Provider.Vision!.GetChatMessageContentsAsync(history);

        var content = Assert.Single(Assert.Single(gemini.Fake.Requests).Body.GetProperty("contents").EnumerateArray());
        var texts = content.GetProperty("parts").EnumerateArray()
            .Where(p => p.TryGetProperty("text", out _))
            .Select(p => p.GetProperty("text").GetString())
            .ToList();
        Assert.Equal(["Fill in the template.", template], texts);
    }

    [Fact]
    public async Task Settings_pass_max_tokens_and_json_output_as_generation_config()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        var settings = new PromptExecutionSettings
        {
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 2000, ["responseMimeType"] = "application/json" },
        };

        await gemini.Provider.Vision!.GetChatMessageContentsAsync(Photos(Convert.FromBase64String(GeminiFixtures.RedPng)), settings);

        var config = Assert.Single(gemini.Fake.Requests).Body.GetProperty("generationConfig");
        Assert.Equal(2000, config.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal("application/json", config.GetProperty("responseMimeType").GetString());
    }

    [Fact]
    public async Task A_prompt_blocked_for_safety_is_ContentBlocked()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.PromptBlocked);

        var error = await Assert.ThrowsAsync<AiProviderException>(
            () => gemini.Provider.Vision!.GetChatMessageContentsAsync(Photos(Convert.FromBase64String(GeminiFixtures.RedPng))));

        Assert.Equal(AiErrorKind.ContentBlocked, error.Kind);
        Assert.Equal("SAFETY", error.ProviderCode);
        Assert.Single(gemini.Fake.Requests);
    }

    [Fact]
    public async Task An_answer_cut_at_the_token_limit_is_Truncated()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, 200, GeminiFixtures.MaxTokens);

        var error = await Assert.ThrowsAsync<AiProviderException>(
            () => gemini.Provider.Vision!.GetChatMessageContentsAsync(Photos(Convert.FromBase64String(GeminiFixtures.RedPng))));

        Assert.Equal(AiErrorKind.Truncated, error.Kind);
    }
}
