using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>The provider as the Host gets it: the module registers it into a service collection.</summary>
internal static class OfflineProviderFixture
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static IAiProvider Create()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        new OfflineProviderModule().Register(services, new ConfigurationBuilder().Build());
        return services.BuildServiceProvider().GetServices<IAiProvider>().Single(p => p.Descriptor.Name == "offline");
    }

    public static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>A free-form request: instructions and photos, no template item.</summary>
    public static ChatHistory Chat(params string[] photos) => Chat(template: null, photos);

    /// <summary>With a template: the item Specs attaches, carrying <paramref name="template"/> as <c>name@version</c>.</summary>
    public static ChatHistory Chat((string Id, string Text)? template, params string[] photos)
    {
        var items = new ChatMessageContentItemCollection { new TextContent("Describe this product using the template.") };
        foreach (var photo in photos)
        {
            items.Add(new ImageContent(Photo(photo), "image/png"));
        }

        var history = new ChatHistory();
        history.AddUserMessage(items);
        if (template is var (id, text))
        {
            VisionTemplate.Attach(history[^1], id, text);
        }

        return history;
    }

    public static Task<ChatMessageContent> AnalyseAsync(IAiProvider provider, params string[] photos) =>
        AnalyseAsync(provider, null, photos);

    public static async Task<ChatMessageContent> AnalyseAsync(IAiProvider provider, (string Id, string Text)? template, params string[] photos)
    {
        var replies = await provider.Vision!.GetChatMessageContentsAsync(Chat(template, photos));
        return Assert.Single(replies);
    }
}
