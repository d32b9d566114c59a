using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Samples.EchoProvider;

/// <summary>
/// Settings under <c>Providers:Echo</c>, on the shared provider settings like any provider's: echo reads only
/// <c>ApiKey</c> (it stands in for a real key: echo sends it nowhere, but without it the provider is listed as not
/// configured, as a remote one would be) and <c>Priority</c>. It makes no HTTP call, so it needs no resilience
/// policy; a remote provider adds one from these settings (docs/writing-a-provider.md, sections 3 and 6).
/// </summary>
internal sealed class EchoOptions : AiProviderOptions
{
    public const string SectionName = "Providers:Echo";
}
