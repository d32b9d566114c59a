using ProductDescriber.Providers.Abstractions;

namespace Acme.AiProvider;

/// <summary>
/// The settings under Providers:acme: what every provider has (ApiKey, BaseUrl, models, timeouts, retries,
/// concurrency, Priority) comes from <see cref="AiProviderOptions"/>; set your defaults here and add your own.
/// </summary>
public sealed class ProviderOptions : AiProviderOptions
{
    public const string SectionName = "Providers:acme";

    public ProviderOptions()
    {
        BaseUrl = "https://api.example.com/";
        VisionModel = "acme-vision-1";
    }
}
