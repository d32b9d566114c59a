using ProductDescriber.Generation.Prompts;
using static ProductDescriber.Generation.Tests.Prompts.RealSpecificationPromptTests;
using static ProductDescriber.Generation.Tests.Prompts.SpecificationYaml;

namespace ProductDescriber.Generation.Tests.Prompts;

/// <summary>Fields whose confidence is under the threshold are never stated as facts: listed as uncertain or left
/// out, by setting, and returned either way.</summary>
public sealed class UncertainFieldTests
{
    private const string Yaml = """
        dimensions:
          primary:
            width: {value: 120, unit: mm, confidence: 0.9}
            height: {value: 80, unit: mm, confidence: 0.3}
            depth: {value: 40, unit: mm, confidence: 0.5}
          aspect_ratios: {width_to_height: 1.5, depth_to_width: 0.33, confidence: 0.2}
        colors:
          primary: {hex: '#112233', name: navy, confidence: 0.1}
          secondary: {hex: '#445566', name: slate, confidence: 0.8}
        materials:
          primary_material: {type: glass, finish: glossy, confidence: 0.49}
        """;

    [Fact]
    public void With_List_the_uncertain_fields_are_named_after_the_facts_and_not_stated()
    {
        var prompt = GenerationPrompt.Build(Info(Yaml), "", 0.5, UncertainFieldHandling.List);

        Assert.Equal(
            [
                "Critical specifications (they must hold in the picture):",
                "- Outer dimensions: width 120 mm, depth 40 mm.",
                "- Secondary colour: slate #445566.",
                "Uncertain (low confidence in the analysis; follow the reference photos for these, not the values in the YAML):",
                "- outer height (dimensions.primary.height)",
                "- proportions (dimensions.aspect_ratios)",
                "- primary colour (colors.primary)",
                "- material and finish (materials.primary_material)",
            ],
            CriticalBlock(prompt.Text));
        Assert.Equal(["dimensions.primary.height", "dimensions.aspect_ratios", "colors.primary", "materials.primary_material"], prompt.UncertainFields);
    }

    [Fact]
    public void With_Omit_the_uncertain_fields_are_left_out_of_the_block_and_still_returned()
    {
        var prompt = GenerationPrompt.Build(Info(Yaml), "", 0.5, UncertainFieldHandling.Omit);

        Assert.Equal(
            [
                "Critical specifications (they must hold in the picture):",
                "- Outer dimensions: width 120 mm, depth 40 mm.",
                "- Secondary colour: slate #445566.",
            ],
            CriticalBlock(prompt.Text));
        Assert.DoesNotContain("Uncertain", prompt.Text, StringComparison.Ordinal);
        Assert.Equal(["dimensions.primary.height", "dimensions.aspect_ratios", "colors.primary", "materials.primary_material"], prompt.UncertainFields);
    }

    [Fact]
    public void With_Omit_and_nothing_certain_the_block_says_so_and_the_yaml_is_still_sent()
    {
        var prompt = GenerationPrompt.Build(Info(Yaml), "", 0.95, UncertainFieldHandling.Omit);

        Assert.Equal(["Critical specifications: none is certain enough to be stated as a fact; follow the reference photos."], CriticalBlock(prompt.Text));
        Assert.Contains("```yaml\n" + Yaml + "\n```", prompt.Text, StringComparison.Ordinal);
        Assert.Equal(
            [
                "dimensions.primary.width", "dimensions.primary.height", "dimensions.primary.depth", "dimensions.aspect_ratios",
                "colors.primary", "colors.secondary", "materials.primary_material",
            ],
            prompt.UncertainFields);
    }

    [Fact]
    public void A_confidence_exactly_at_the_threshold_is_stated()
    {
        var prompt = GenerationPrompt.Build(Info(Yaml), "", 0.5, UncertainFieldHandling.List);

        Assert.Contains("depth 40 mm", CriticalBlock(prompt.Text)[1], StringComparison.Ordinal);
        Assert.DoesNotContain("dimensions.primary.depth", prompt.UncertainFields);
    }

    [Fact]
    public void Children_under_an_uncertain_parent_are_uncertain_even_when_their_own_confidence_is_high()
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["dimensions.primary.width.value"] = "120",
            ["dimensions.primary.height.value"] = "80",
            ["dimensions.primary.depth.value"] = "40",
            ["labels.primary_label.position"] = "back",
            ["labels.primary_label.content.text.content"] = "ACME",
            ["labels.primary_label.content.logo.description"] = "a red fox",
        };
        var confidences = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["dimensions.primary"] = 0.2,
            ["dimensions.primary.width"] = 0.95,
            ["labels.primary_label.content"] = 0.3,
        };

        var prompt = GenerationPrompt.Build(Info("{}", fields, confidences), "", 0.5, UncertainFieldHandling.List);

        Assert.Equal(
            ["dimensions.primary.width", "dimensions.primary.height", "dimensions.primary.depth", "labels.primary_label.content.text", "labels.primary_label.content.logo"],
            prompt.UncertainFields);
        Assert.Equal(
            [
                "Critical specifications (they must hold in the picture):",
                "- Label: on the back.",
                "Uncertain (low confidence in the analysis; follow the reference photos for these, not the values in the YAML):",
                "- outer width (dimensions.primary.width)",
                "- outer height (dimensions.primary.height)",
                "- outer depth (dimensions.primary.depth)",
                "- label text (labels.primary_label.content.text)",
                "- logo (labels.primary_label.content.logo)",
            ],
            CriticalBlock(prompt.Text));
    }

    [Fact]
    public void A_field_without_any_confidence_is_stated_whatever_the_threshold()
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal) { ["colors.primary.hex"] = "#ABCDEF" };

        var prompt = GenerationPrompt.Build(Info("{}", fields, new Dictionary<string, double>()), "", 1, UncertainFieldHandling.List);

        Assert.Contains("- Primary colour: #ABCDEF.", CriticalBlock(prompt.Text));
        Assert.Empty(prompt.UncertainFields);
    }

    [Fact]
    public void A_low_confidence_with_no_value_beside_it_is_not_reported()
    {
        // The Offline provider leaves millimetres null: there is nothing to state, so nothing was withheld.
        var prompt = GenerationPrompt.Build(Info("dimensions: {primary: {width: {value: null, unit: mm, confidence: 0.1}}}"), "", 0.5, UncertainFieldHandling.List);

        Assert.Empty(prompt.UncertainFields);
        Assert.DoesNotContain("Uncertain", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void One_field_behind_two_facts_is_listed_and_returned_once()
    {
        // Both ratios share dimensions.aspect_ratios' confidence.
        var prompt = GenerationPrompt.Build(Info(Yaml), "", 0.5, UncertainFieldHandling.List);

        Assert.Single(prompt.UncertainFields, "dimensions.aspect_ratios");
        Assert.Single(CriticalBlock(prompt.Text), "- proportions (dimensions.aspect_ratios)");
    }
}
