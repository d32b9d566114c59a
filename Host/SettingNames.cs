using System.Collections;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Host;

/// <summary>
/// A configuration key (<c>Providers:PluginPaths:0</c>) as the user wrote it in the source that supplies its value:
/// the environment variable (<c>Providers__PluginPaths__0</c>), the JSON path and file
/// (<c>Providers.PluginPaths[0] in appsettings.json</c>) or the command-line argument. Segments compare as provider
/// names do (<see cref="ProviderSettings.SameName"/>), so <c>Providers:mock-vision:BaseUrl</c> finds
/// <c>Providers__mock_vision__BaseUrl</c>. A key no source supplies is returned as it is.
/// </summary>
internal sealed class SettingNames(IConfiguration configuration)
{
    /// <summary>The prefixes of the environment sources ASP.NET Core adds (none for the application's own).</summary>
    private static readonly string[] EnvironmentPrefixes = ["", "ASPNETCORE_", "DOTNET_"];

    public string AsWritten(string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return key;
        }

        // The last source that has the key is the one whose value counts.
        foreach (var source in root.Providers.Reverse())
        {
            if (Spelling(source, key) is { } spelled)
            {
                return Describe(source, spelled);
            }
        }

        return key;
    }

    /// <summary>The key as <paramref name="source"/> spells it, found segment by segment, or null when it has no value there.</summary>
    private static string? Spelling(IConfigurationProvider source, string key)
    {
        string? path = null;
        foreach (var segment in key.Split(ConfigurationPath.KeyDelimiter))
        {
            var child = source.GetChildKeys([], path).FirstOrDefault(c => ProviderSettings.SameName(c, segment));
            if (child is null)
            {
                return null;
            }

            path = path is null ? child : ConfigurationPath.Combine(path, child);
        }

        return path is not null && source.TryGet(path, out var value) && value is not null ? path : null;
    }

    private static string Describe(IConfigurationProvider source, string key) => source switch
    {
        EnvironmentVariablesConfigurationProvider => EnvironmentVariable(key),
        FileConfigurationProvider file => $"{JsonPath(key)} in {file.Source.Path}",
        CommandLineConfigurationProvider => "--" + key,
        _ => key,
    };

    /// <summary>
    /// The variable itself: the provider keeps no record of it, but its name is the key with <c>__</c> (or <c>:</c>)
    /// between segments, after a prefix such as <c>DOTNET_</c> the provider strips.
    /// </summary>
    private static string EnvironmentVariable(string key)
    {
        var underscored = key.Replace(":", "__", StringComparison.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (EnvironmentPrefixes.Any(p => string.Equals(name, p + underscored, StringComparison.OrdinalIgnoreCase) || string.Equals(name, p + key, StringComparison.OrdinalIgnoreCase)))
            {
                return name;
            }
        }

        return underscored;
    }

    /// <summary><c>Providers:PluginPaths:0</c> -> <c>Providers.PluginPaths[0]</c>.</summary>
    private static string JsonPath(string key) => string.Concat(key.Split(ConfigurationPath.KeyDelimiter)
        .Select((segment, i) => segment.All(char.IsAsciiDigit) ? $"[{segment}]" : i == 0 ? segment : "." + segment));
}
