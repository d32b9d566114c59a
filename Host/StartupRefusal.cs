using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Host;

/// <summary>
/// A start-up that a configuration mistake refuses (a missing plugin folder, two providers with one name, a provider
/// setting that cannot work, the development secret or admin password outside Development...) ends with one line
/// on standard error naming each setting as the user wrote it (<see cref="SettingNames"/>) and exit code
/// <see cref="ExitCode"/>, never a stack trace: the user has a setting to fix, not a bug to report. Any other
/// failure is a bug and keeps its stack trace.
/// </summary>
internal static partial class StartupRefusal
{
    /// <summary>EX_CONFIG of sysexits.h: "something was found in an unconfigured or misconfigured state".</summary>
    public const int ExitCode = 78;

    /// <summary>
    /// Whether this Program is the process (not hosted by a test's WebApplicationFactory, which must receive the
    /// exception itself to fail the test's start).
    /// </summary>
    public static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupRefusal).Assembly;

    /// <summary>The line to print for <paramref name="error"/>, or null when it is not a configuration mistake.</summary>
    public static string? Describe(Exception error, IConfiguration configuration)
    {
        var names = new SettingNames(configuration);
        var reasons = Causes(error).Select(e => e switch
        {
            ProviderConfigurationException provider => provider.Settings.Aggregate(provider.Message, (text, key) => text.Replace(key, names.AsWritten(key), StringComparison.Ordinal)),
            OptionsValidationException options => string.Join(" ", options.Failures.Select(f => WithSettingAsWritten(f, names))),
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return reasons.Count == 0
            ? null
            : $"Product Describer cannot start: {string.Join(" ", reasons).ReplaceLineEndings(" ")} (exit code {ExitCode}: a setting to fix)";
    }

    /// <summary>Configuration errors found in <paramref name="error"/> itself, or wrapped (inner, aggregated, invoked).</summary>
    private static IEnumerable<Exception> Causes(Exception error)
    {
        if (error is ProviderConfigurationException or OptionsValidationException)
        {
            return [error];
        }

        return error switch
        {
            AggregateException all => all.InnerExceptions.SelectMany(Causes),
            { InnerException: { } inner } => Causes(inner),
            _ => [],
        };
    }

    /// <summary>Validation messages start with the setting they are about (<c>Identity:BcryptWorkFactor must be...</c>).</summary>
    private static string WithSettingAsWritten(string failure, SettingNames names)
    {
        var lead = LeadingKey().Match(failure);
        return lead.Success ? names.AsWritten(lead.Value) + failure[lead.Length..] : failure;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(:[A-Za-z0-9_.-]+)*")]
    private static partial Regex LeadingKey();
}
