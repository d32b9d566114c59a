namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// A provider setting that cannot work: the Host refuses to start with one line that names each of
/// <see cref="Settings"/> as the user wrote it (environment variable or JSON path) and exits with code 78.
/// Throw it from <see cref="IAiProviderModule.Register"/>; <see cref="AiProviderOptions.Validate"/> does.
/// </summary>
public sealed class ProviderConfigurationException : InvalidOperationException
{
    public ProviderConfigurationException(string message, params IReadOnlyList<string> settings)
        : this(message, null, settings)
    {
    }

    public ProviderConfigurationException(string message, Exception? innerException, params IReadOnlyList<string> settings)
        : base(message, innerException)
    {
        Settings = settings ?? [];
    }

    /// <summary>The configuration keys at fault (<c>Providers:acme:BaseUrl</c>), as they appear in <see cref="Exception.Message"/>.</summary>
    public IReadOnlyList<string> Settings { get; }
}
