using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI.Tests;

public sealed class VisionTests : OpenAITestBase
{
    [Fact]
    public async Task Photos_go_out_as_high_detail_data_urls_with_a_token_budget_and_no_temperature()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Chat("A white ceramic mug."));
        var provider = Provider();

        var replies = await provider.Vision!.GetChatMessageContentsAsync(
            PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"), new InputImage(OpenAIFixtures.Jpeg, "image/jpeg")));

        var request = Assert.Single(Fake.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + Key, request.Authorization);
        using var json = JsonDocument.Parse(request.Text);
        var root = json.RootElement;
        Assert.Equal("gpt-5.1", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("max_completion_tokens").GetInt32() >= 8000);
        Assert.False(root.TryGetProperty("temperature", out _));
        var images = root.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("content").ValueKind == JsonValueKind.Array)
            .SelectMany(m => m.GetProperty("content").EnumerateArray())
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url"))
            .ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(OpenAIFixtures.Png), images[0].GetProperty("url").GetString());
        Assert.Equal("data:image/jpeg;base64," + Convert.ToBase64String(OpenAIFixtures.Jpeg), images[1].GetProperty("url").GetString());
        Assert.All(images, i => Assert.Equal("high", i.GetProperty("detail").GetString()));

        var reply = Assert.Single(replies);
        Assert.Equal("A white ceramic mug.", reply.Content);
        var usage = Assert.IsType<AiUsage>(reply.Metadata![AiMetadata.Usage]);
        Assert.Equal("openai", usage.Provider);
        Assert.StartsWith("gpt-5.1", usage.Model);
        Assert.Equal(812, usage.InputTokens);
        Assert.Equal(45, usage.OutputTokens);
        Assert.True(usage.Duration > TimeSpan.Zero);
    }

    /// <summary>Specs attaches the template as a text item (ADR 0027): a remote model gets it verbatim, comments and all.</summary>
    [Fact]
    public async Task A_template_item_goes_out_verbatim_as_a_text_part()
    {
        const string template = "metadata:\n  template_version: \"1.0\"  # string\n  image_count: null  # integer\ncolors:\n  primary:\n    hex: null  # hex\n";
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Chat("metadata: {}"));
        var history = PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"));
        VisionTemplate.Attach(history[^1], "product-analysis@1.0", template);

        await Provider().Vision!.GetChatMessageContentsAsync(history);

        using var json = JsonDocument.Parse(Assert.Single(Fake.Requests).Text);
        var user = json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "user");
        var texts = user.GetProperty("content").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() == "text")
            .Select(p => p.GetProperty("text").GetString())
            .ToList();
        Assert.Equal(["Describe this product.", template], texts);
    }

    [Fact]
    public async Task Caller_settings_are_honoured_without_temperature_and_left_untouched()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Chat("{}"));
        var given = new OpenAIPromptExecutionSettings { Temperature = 0.2, ResponseFormat = "json_object", ReasoningEffort = "low" };
        given.Freeze();

        await Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png")), given);

        using var json = JsonDocument.Parse(Assert.Single(Fake.Requests).Text);
        Assert.False(json.RootElement.TryGetProperty("temperature", out _));
        Assert.Equal("json_object", json.RootElement.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal("low", json.RootElement.GetProperty("reasoning_effort").GetString());
        Assert.True(json.RootElement.GetProperty("max_completion_tokens").GetInt32() >= 8000);
        Assert.Equal(0.2, given.Temperature);
        Assert.Null(given.MaxTokens);
    }

    [Fact]
    public async Task A_reply_cut_off_by_the_token_limit_is_Truncated()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Chat("name: Mug\ncolour:", finish: "length"));

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));

        Assert.Equal(AiErrorKind.Truncated, e.Kind);
    }

    [Fact]
    public async Task A_refusal_is_ContentBlocked()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Chat("", refusal: "\"I can't help with that.\""));

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));

        Assert.Equal(AiErrorKind.ContentBlocked, e.Kind);
    }

    [Fact]
    public async Task A_content_filtered_reply_is_ContentBlocked()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 200, OpenAIFixtures.Chat("", finish: "content_filter"));

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));

        Assert.Equal(AiErrorKind.ContentBlocked, e.Kind);
    }

    [Fact]
    public async Task A_non_JSON_reply_is_MalformedResponse()
    {
        Fake.Reply = async (ctx, _) =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body>Bad gateway</body></html>");
        };

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));

        Assert.Equal(AiErrorKind.MalformedResponse, e.Kind);
    }

    [Fact]
    public async Task A_retired_model_is_ModelUnavailable()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 404,
            Answer.Error("The model `gpt-4-vision-preview` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"));

        var e = await FailsAsync(() => Provider(("VisionModel", "gpt-4-vision-preview")).Vision!
            .GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));

        Assert.Equal(AiErrorKind.ModelUnavailable, e.Kind);
        Assert.Equal("model_not_found", e.ProviderCode);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task A_forbidden_key_is_Permission()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 403,
            Answer.Error("Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory"));

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));

        Assert.Equal(AiErrorKind.Permission, e.Kind);
        Assert.Single(Fake.Requests);
    }
}
