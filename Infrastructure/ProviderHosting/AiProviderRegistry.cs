using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

/// <summary>
/// The registered providers, by case-insensitive name, and the choice for a call: the requested provider, else
/// <c>Providers:Defaults:Vision</c> / <c>Providers:Defaults:Image</c>, else the configured remote provider with the
/// highest priority that has the capability (ties by name), else <c>offline</c>. Two providers with one name, or a
/// default naming an unknown provider or one without the capability, refuse start-up: those are configuration
/// mistakes, while a default without its key is reported per call like any unconfigured provider.
/// </summary>
internal sealed class AiProviderRegistry : IAiProviderRegistry
{
    public const string OfflineName = "offline";
    public const string DefaultVisionKey = "Providers:Defaults:Vision";
    public const string DefaultImageKey = "Providers:Defaults:Image";

    private readonly Dictionary<string, IAiProvider> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _defaultVision;
    private readonly string? _defaultImage;

    public AiProviderRegistry(IEnumerable<IAiProvider> providers, IConfiguration configuration)
    {
        foreach (var provider in providers)
        {
            if (!_byName.TryAdd(provider.Descriptor.Name, provider))
            {
                throw new ProviderConfigurationException(
                    $"Two AI providers are named '{provider.Descriptor.Name}': {_byName[provider.Descriptor.Name].GetType().FullName} and {provider.GetType().FullName}.");
            }
        }

        Providers = [.. _byName.Values.Select(p => p.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal)];
        _defaultVision = ValidDefault(configuration, DefaultVisionKey, AiCapabilities.Vision);
        _defaultImage = ValidDefault(configuration, DefaultImageKey, AiCapabilities.ImageGeneration);
    }

    public IReadOnlyList<AiProviderDescriptor> Providers { get; }

    public AiProviderChoice Choose(AiCapabilities capability, string? requestedName = null)
    {
        if (!string.IsNullOrWhiteSpace(requestedName))
        {
            return Usable(requestedName.Trim(), capability);
        }

        var configuredDefault = capability == AiCapabilities.Vision ? _defaultVision
            : capability == AiCapabilities.ImageGeneration ? _defaultImage
            : null;
        if (configuredDefault is not null)
        {
            return Usable(configuredDefault, capability);
        }

        var remote = _byName.Values
            .Where(p => p.Descriptor is { IsRemote: true, IsConfigured: true } && p.Descriptor.Can(capability))
            .OrderByDescending(p => p.Descriptor.Priority)
            .ThenBy(p => p.Descriptor.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (remote is not null)
        {
            return AiProviderChoice.Of(remote);
        }

        return _byName.TryGetValue(OfflineName, out var offline) && offline.Descriptor.IsConfigured && offline.Descriptor.Can(capability)
            ? AiProviderChoice.Of(offline)
            : AiProviderChoice.Failure("NO_PROVIDER", $"No configured AI provider can do {capability}: configure a remote provider's key or install the offline provider.");
    }

    private AiProviderChoice Usable(string name, AiCapabilities capability)
    {
        if (!_byName.TryGetValue(name, out var provider))
        {
            return AiProviderChoice.Failure("UNKNOWN_PROVIDER", $"There is no AI provider named '{name}'. Known: {string.Join(", ", Providers.Select(d => d.Name))}.");
        }

        if (!provider.Descriptor.IsConfigured)
        {
            return AiProviderChoice.Failure("PROVIDER_NOT_CONFIGURED", $"The AI provider '{provider.Descriptor.Name}' is not configured (see Providers:{provider.Descriptor.Name} in the settings).");
        }

        return provider.Descriptor.Can(capability)
            ? AiProviderChoice.Of(provider)
            : AiProviderChoice.Failure("CAPABILITY_NOT_SUPPORTED", $"The AI provider '{provider.Descriptor.Name}' cannot do {capability}.");
    }

    private string? ValidDefault(IConfiguration configuration, string key, AiCapabilities capability)
    {
        var name = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (!_byName.TryGetValue(name, out var provider))
        {
            throw new ProviderConfigurationException($"{key} names '{name}', but there is no such AI provider. Known: {string.Join(", ", Providers.Select(d => d.Name))}.", key);
        }

        return provider.Descriptor.Can(capability)
            ? provider.Descriptor.Name
            : throw new ProviderConfigurationException($"{key} names '{name}', which cannot do {capability}.", key);
    }
}
