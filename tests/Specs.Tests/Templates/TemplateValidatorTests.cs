using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Tests.Yaml;

namespace ProductDescriber.Specs.Tests.Templates;

public sealed class TemplateValidatorTests
{
    private static IReadOnlyList<ValidationIssue> Issues(params (string Path, string Yaml)[] overrides) =>
        TemplateValidator.Validate(Samples.Filled(overrides), Samples.Template);

    private static ValidationIssue OneError(string path, string yaml)
    {
        var issue = Assert.Single(Issues((path, yaml)));
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal(path, issue.Path);
        return issue;
    }

    [Fact]
    public void A_filled_document_has_no_issues() => Assert.Empty(Issues());

    [Fact]
    public void A_missing_section_is_an_error_and_a_null_one_is_not()
    {
        var issue = OneError("labels", Samples.Absent);

        Assert.Contains("Section missing", issue.Message, StringComparison.Ordinal);
        Assert.Empty(Issues(("labels", "null")));
    }

    [Fact]
    public void Nulls_are_allowed_everywhere()
    {
        var nulls = Samples.Template.Rules.Keys.Where(path => path != "metadata.template_version").Select(path => (path, "null")).ToArray();

        Assert.Empty(Issues(nulls));
        Assert.Empty(Issues(("colors.primary", "null"), ("geometry.edges", "~"), ("analysis_notes.assumptions_made", "[null, text]")));
    }

    [Fact]
    public void A_key_left_out_below_the_sections_counts_as_null() =>
        Assert.Empty(Issues(("colors.primary.hex", Samples.Absent), ("geometry.edges", "{top: {shape: curved}}")));

    [Theory]
    [InlineData("dimensions.primary.width.value", "12.5", "wide")]
    [InlineData("dimensions.primary.width.value", "-3", "'12'")]
    [InlineData("dimensions.primary.width.value", "1e2", "true")]
    [InlineData("metadata.image_count", "3", "2.5")]
    [InlineData("metadata.image_count", "0", "three")]
    [InlineData("dimensions.scale_required", "false", "yes")]
    [InlineData("dimensions.scale_required", "True", "'true'")]
    [InlineData("metadata.analysis_date", "2024-02-29", "2023-02-29")]
    [InlineData("metadata.analysis_date", "'2024-05-01'", "05/01/2024")]
    [InlineData("colors.primary.hex", "'#1a2b3c'", "'#12345'")]
    [InlineData("colors.primary.hex", "'#ABCDEF'", "'#ABCDEF12'")]
    [InlineData("colors.primary.hex", "'#000000'", "red")]
    [InlineData("colors.primary.confidence", "0", "1.01")]
    [InlineData("colors.primary.confidence", "1", "-0.1")]
    [InlineData("colors.primary.confidence", "1.0", "'0.5'")]
    [InlineData("colors.primary.confidence", "0.75", "true")]
    [InlineData("metadata.confidence_overall", "0.3", "7")]
    [InlineData("materials.primary_material.type", "silicone", "plastik")]
    [InlineData("materials.primary_material.type", "other", "Plastic")]
    [InlineData("materials.primary_material.rigidity", "semi_flexible", "bendy")]
    [InlineData("labels.primary_label.position", "wrap_around", "[front]")]
    [InlineData("metadata.product_name", "Travel mug", "{name: mug}")]
    [InlineData("metadata.product_name", "500", "[a, b]")]
    [InlineData("colors.label_colors.graphics", "['#FFFFFF', '#000000']", "'#FFFFFF'")]
    [InlineData("keypoints.silhouette.points", "[[0, 0], [1, 1]]", "0.5")]
    [InlineData("keypoints.features", "[{name: lid, x: 0.5}]", "{name: lid}")]
    [InlineData("analysis_notes.assumptions_made", "[a, b]", "just one")]
    [InlineData("colors.primary", "{hex: '#000000'}", "black")]
    [InlineData("geometry", "{}", "[]")]
    public void Each_rule_accepts_its_values_and_refuses_others(string path, string valid, string invalid)
    {
        Assert.Empty(Issues((path, valid)));
        var issue = OneError(path, invalid);
        Assert.StartsWith("Expected ", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("colors.label_colors.graphics", "['#FFFFFF', '#GGGGGG']", "colors.label_colors.graphics[1]")]
    [InlineData("keypoints.silhouette.points", "[[0.1, 0.2], [0.1]]", "keypoints.silhouette.points[1]")]
    [InlineData("keypoints.silhouette.points", "[[0.1, 1.5]]", "keypoints.silhouette.points[0]")]
    [InlineData("keypoints.silhouette.points", "[[0.1, null]]", "keypoints.silhouette.points[0]")]
    [InlineData("keypoints.features", "[{name: lid}, lid]", "keypoints.features[1]")]
    [InlineData("colors.primary.rgb", "[255, 128.5, 0]", "colors.primary.rgb[1]")]
    public void List_items_are_checked_one_by_one_at_their_own_paths(string path, string yaml, string itemPath)
    {
        var issue = Assert.Single(Issues((path, yaml)));

        Assert.Equal((itemPath, IssueSeverity.Error), (issue.Path, issue.Severity));
    }

    [Fact]
    public void Messages_say_what_was_expected_and_what_was_found()
    {
        Assert.Equal("Expected one of: opaque, translucent, transparent; found the text 'see-through'.",
            OneError("materials.optical_properties.transparency.type", "see-through").Message);
        Assert.Equal("Expected a confidence, a number from 0 to 1; found 1.5.", OneError("colors.accent.confidence", "1.5").Message);
        Assert.Equal("Expected a colour as \"#RRGGBB\"; found the text 'blue'.", OneError("colors.accent.hex", "blue").Message);
    }

    [Fact]
    public void Unknown_keys_are_warnings_and_are_not_checked_further()
    {
        var issues = Issues(("colors.primary.shade", "{hex: not-a-colour}"), ("extras", "[1, 2]"));

        Assert.Equal(
            [
                new ValidationIssue("colors.primary.shade", "Not in template product-analysis@1.0: kept, but not checked.", IssueSeverity.Warning),
                new ValidationIssue("extras", "Not in template product-analysis@1.0: kept, but not checked.", IssueSeverity.Warning),
            ],
            issues);
    }

    [Theory]
    [InlineData("'1.0'")]
    [InlineData("\"1.0\"")]
    [InlineData("1.0")]
    public void The_template_version_may_be_a_string_or_the_yaml_number_1_0(string yaml) =>
        Assert.Empty(Issues(("metadata.template_version", yaml)));

    [Theory]
    [InlineData("'2.0'")]
    [InlineData("1")]
    [InlineData("1.00")]
    [InlineData("[1.0]")]
    public void Another_template_version_is_an_error(string yaml)
    {
        var issue = OneError("metadata.template_version", yaml);

        Assert.StartsWith("Must be \"1.0\"", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData(Samples.Absent)]
    public void A_document_that_does_not_say_its_template_version_gets_a_warning(string yaml)
    {
        var issue = Assert.Single(Issues(("metadata.template_version", yaml)));

        Assert.Equal(("metadata.template_version", IssueSeverity.Warning), (issue.Path, issue.Severity));
    }

    [Fact]
    public void Issues_come_in_document_order_then_missing_sections_then_the_version()
    {
        var issues = Issues(
            ("metadata.template_version", "'0.9'"),
            ("dimensions.primary.depth.unit", "cm"),
            ("colors.primary.hex", "red"),
            ("colors.zzz", "1"),
            ("keypoints", Samples.Absent));

        Assert.Equal(
            ["dimensions.primary.depth.unit", "colors.primary.hex", "colors.zzz", "keypoints", "metadata.template_version"],
            issues.Select(issue => issue.Path));
    }
}
