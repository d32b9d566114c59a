namespace ProductDescriber.Costs.Tests.Support;

/// <summary>
/// One Host per test class with the Offline provider at non-zero prices (2K and 1K pictures priced, 4K not) and a
/// fake OpenAI vision API whose replies report 812 input and 45 output tokens, priced per token.
/// </summary>
public class CostsHostFixture : LocalStorageHostFixture
{
    /// <summary>Offline's price of one 2K picture.</summary>
    public const decimal Per2K = 0.04m;

    public const decimal Per1K = 0.02m;

    /// <summary>812 tokens at 1.25 per million plus 45 at 10 per million.</summary>
    public const decimal OpenAIReply = 0.001465m;

    public FakeOpenAI OpenAI { get; private set; } = null!;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Costs:Prices:0:Provider"] = "offline",
        ["Costs:Prices:0:Model"] = "offline-composite-1",
        ["Costs:Prices:0:From"] = "2020-01-01",
        ["Costs:Prices:0:PerImage:1K"] = "0.02",
        ["Costs:Prices:0:PerImage:2K"] = "0.04",
        ["Costs:Prices:0:Currency"] = "USD",

        // An older price that a newer entry replaces: never used for calls made today.
        ["Costs:Prices:1:Provider"] = "offline",
        ["Costs:Prices:1:Model"] = "offline-composite-1",
        ["Costs:Prices:1:From"] = "2019-01-01",
        ["Costs:Prices:1:PerImage:2K"] = "9.99",
        ["Costs:Prices:1:Currency"] = "USD",

        // The analyses of the Offline provider report no token counts: priced per token, they are unpriced.
        ["Costs:Prices:2:Provider"] = "offline",
        ["Costs:Prices:2:Model"] = "offline-measure-1",
        ["Costs:Prices:2:PerMillionInputTokens"] = "1",
        ["Costs:Prices:2:PerMillionOutputTokens"] = "1",
        ["Costs:Prices:2:Currency"] = "USD",

        ["Costs:Prices:3:Provider"] = "openai",
        ["Costs:Prices:3:Model"] = "*",
        ["Costs:Prices:3:From"] = "2024-01-01",
        ["Costs:Prices:3:PerMillionInputTokens"] = "1.25",
        ["Costs:Prices:3:PerMillionOutputTokens"] = "10",
        ["Costs:Prices:3:Currency"] = "USD",

        ["Providers:OpenAI:ApiKey"] = "sk-test-costs-0123456789abcdef",
        ["Providers:OpenAI:BaseUrl"] = OpenAI.BaseUrl.ToString(),
        ["Providers:OpenAI:MaxRetries"] = "0",
        ["Specs:AnalysisAttempts"] = "1",
        ["Jobs:PollInterval"] = "00:00:01",
    };

    public override async Task InitializeAsync()
    {
        OpenAI = await FakeOpenAI.StartAsync();
        OpenAI.Reply = (context, _) => Answer.Json(context, 200, OpenAIFixtures.Chat("this is not a specification: [unclosed"));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await OpenAI.DisposeAsync();
    }
}
