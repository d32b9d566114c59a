using Microsoft.Extensions.Configuration;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// Where a provider's settings live: the section under <c>Providers</c> whose key names the provider, compared
/// ignoring case and treating <c>-</c>, <c>_</c> and <c>.</c> as the same character. So <c>mock-vision</c> is configured
/// as <c>Providers:mock-vision:ApiKey</c> in JSON and as <c>Providers__mock_vision__ApiKey</c> in the environment
/// (a shell name cannot hold a hyphen), and both are the same setting.
/// </summary>
public static class ProviderSettings
{
    /// <summary>The section every provider's settings live under.</summary>
    public const string Root = "Providers";

    /// <summary>Whether two provider names (or section keys) name the same provider under the rule above.</summary>
    public static bool SameName(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (Fold(a[i]) != Fold(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The settings of <paramref name="providerName"/>, from every section whose key names it, relative to that
    /// section (<c>ApiKey</c>, <c>BaseUrl</c>...). When <paramref name="configuration"/> is a root, the sources keep
    /// their order of precedence across spellings: <c>Providers__mock_vision__ApiKey</c> in the environment wins
    /// over <c>Providers:mock-vision:ApiKey</c> in appsettings.json exactly as it would with one spelling.
    /// </summary>
    public static IConfiguration Section(IConfiguration configuration, string providerName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configuration is IConfigurationRoot root)
        {
            // Lowest precedence first, so a later source overwrites an earlier one, whatever spelling each used.
            foreach (var source in root.Providers)
            {
                foreach (var (key, value) in SourceLeaves(source, Root).Where(l => Names(l.Key, providerName)))
                {
                    values[Relative(key)] = value;
                }
            }
        }
        else
        {
            // A section or another view: no sources to order, so spellings merge in key order.
            foreach (var section in configuration.GetSection(Root).GetChildren().Where(c => SameName(c.Key, providerName)).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null))
                {
                    values[key] = value;
                }
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>Every key with a value at or below <paramref name="path"/> in one configuration source, as it spells it.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SourceLeaves(IConfigurationProvider source, string path)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var child in source.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = ConfigurationPath.Combine(path, child);
            if (source.TryGet(key, out var value) && value is not null)
            {
                yield return new(key, value);
            }

            foreach (var leaf in SourceLeaves(source, key))
            {
                yield return leaf;
            }
        }
    }

    private static bool Names(string key, string providerName)
    {
        var segments = key.Split(ConfigurationPath.KeyDelimiter);
        return segments.Length > 2 && SameName(segments[1], providerName);
    }

    /// <summary><c>Providers:mock_vision:Models:Vision</c> -> <c>Models:Vision</c>.</summary>
    private static string Relative(string key) => key.Split(ConfigurationPath.KeyDelimiter, 3)[2];

    private static char Fold(char c) => c is '-' or '_' or '.' ? '-' : char.ToLowerInvariant(c);
}
