namespace ProductDescriber.Providers.Abstractions;

/// <summary>Every registered provider, and the choice of one for a call.</summary>
public interface IAiProviderRegistry
{
    IReadOnlyList<AiProviderDescriptor> Providers { get; }

    /// <summary>
    /// The provider for a call needing <paramref name="capability"/>: the one named (which must exist, be configured
    /// and have the capability), else the configured default for the capability, else the configured remote
    /// provider with the highest priority, else <c>offline</c>.
    /// </summary>
    AiProviderChoice Choose(AiCapabilities capability, string? requestedName = null);
}

/// <summary>The provider chosen, or why none could be (<see cref="ErrorCode"/>: UNKNOWN_PROVIDER,
/// PROVIDER_NOT_CONFIGURED, CAPABILITY_NOT_SUPPORTED, NO_PROVIDER).</summary>
public sealed record AiProviderChoice(IAiProvider? Provider, string? ErrorCode, string? ErrorMessage)
{
    public static AiProviderChoice Of(IAiProvider provider) => new(provider, null, null);

    public static AiProviderChoice Failure(string code, string message) => new(null, code, message);
}
