using System.Globalization;
using ProductDescriber.Generation.Prompts;
using static ProductDescriber.Generation.Tests.Prompts.SpecificationYaml;

namespace ProductDescriber.Generation.Tests.Prompts;

/// <summary>The request stores the prompt's SHA-256 as provenance: the same inputs must give the same bytes, on
/// any machine and in any culture.</summary>
public sealed class PromptStabilityTests
{
    [Fact]
    public void The_same_inputs_give_the_same_text_however_the_dictionaries_were_filled()
    {
        var parsed = Info(Sample("analysed-stasher.yaml"));
        var reversed = Info(
            parsed.YamlContent,
            parsed.Fields.Reverse().ToDictionary(StringComparer.Ordinal),
            parsed.Derived.FieldConfidences.Reverse().ToDictionary(StringComparer.Ordinal));

        var first = GenerationPrompt.Build(parsed, "On a beach.", 0.5, UncertainFieldHandling.List);
        var second = GenerationPrompt.Build(Info(Sample("analysed-stasher.yaml")), "On a beach.", 0.5, UncertainFieldHandling.List);
        var third = GenerationPrompt.Build(reversed, "On a beach.", 0.5, UncertainFieldHandling.List);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Text, third.Text);
        Assert.Equal(first.UncertainFields, third.UncertainFields);
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture_under_a_german_current_culture()
    {
        var spec = Info(Sample("analysed-stasher.yaml"));
        var invariant = GenerationPrompt.Build(spec, "", 0, UncertainFieldHandling.List).Text;
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            german = GenerationPrompt.Build(spec, "", 0, UncertainFieldHandling.List).Text;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        Assert.Equal(invariant, german);
        Assert.Contains("depth 12.5 mm", german, StringComparison.Ordinal);
        Assert.Contains("about 4.4 % of its height", german, StringComparison.Ordinal);
        Assert.DoesNotContain("12,5", german, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("190.0", "190")]
    [InlineData("12.50", "12.5")]
    [InlineData("1e2", "100")]
    [InlineData("0.0125", "0.013")]
    public void Numbers_carry_no_trailing_zeros_or_float_noise(string written, string stated)
    {
        var text = GenerationPrompt.Build(Info($"dimensions: {{primary: {{width: {{value: {written}, unit: mm}}}}}}"), "", 0.5, UncertainFieldHandling.List).Text;

        Assert.Contains($"- Outer dimensions: width {stated} mm.\n", text, StringComparison.Ordinal);
    }
}
