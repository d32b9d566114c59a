using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI.Tests;

public sealed class DescriptorTests : OpenAITestBase
{
    [Fact]
    public void With_a_key_it_is_configured_remote_and_says_what_it_can_do_without_the_key()
    {
        var descriptor = Provider(("Priority", "7")).Descriptor;

        Assert.Equal("openai", descriptor.Name);
        Assert.True(descriptor.IsConfigured);
        Assert.True(descriptor.IsRemote);
        Assert.True(descriptor.Can(AiCapabilities.Vision | AiCapabilities.ImageGeneration));
        Assert.Equal("gpt-5.1", descriptor.VisionModel);
        Assert.Equal("gpt-image-1", descriptor.ImageModel);
        Assert.Equal(1536, descriptor.Limits.MaxImageEdge);
        Assert.Equal(7, descriptor.Priority);
        Assert.DoesNotContain(Key, descriptor.ToString());
    }

    [Fact]
    public void The_key_may_come_from_OPENAI_API_KEY()
    {
        var provider = Build(new() { ["OPENAI_API_KEY"] = Key, ["Providers:OpenAI:BaseUrl"] = Fake.BaseUrl.ToString() });

        Assert.True(provider.Descriptor.IsConfigured);
    }

    [Fact]
    public async Task Without_a_key_it_is_listed_unconfigured_and_calls_fail_without_touching_the_network()
    {
        var provider = Build(new() { ["Providers:OpenAI:BaseUrl"] = Fake.BaseUrl.ToString() });

        Assert.False(provider.Descriptor.IsConfigured);
        var e = await FailsAsync(() => provider.Vision!.GetChatMessageContentsAsync(PhotoQuestion(new InputImage(OpenAIFixtures.Png, "image/png"))));
        Assert.Equal(AiErrorKind.Authentication, e.Kind);
        var i = await FailsAsync(() => AllAsync(provider.Images!.GenerateAsync(Pictures(1), default)));
        Assert.Equal(AiErrorKind.Authentication, i.Kind);
        Assert.Empty(Fake.Requests);
    }
}
