using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Tests.Yaml;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Templates;

public sealed class TemplateCatalogTests
{
    private const string Minimal = """
        # header
        metadata:
          template_version: "VERSION"  # string
        body:
          value: null  # number
        """;

    [Fact]
    public void The_shipped_template_is_product_analysis_1_0_with_the_ten_sections()
    {
        var catalog = new TemplateCatalog();

        var template = Assert.Single(catalog.All);
        Assert.Same(template, catalog.Default);
        Assert.Same(template, catalog.Find("product-analysis", "1.0"));
        Assert.Equal(("product-analysis", "1.0", "product-analysis@1.0"), (template.Name, template.Version, template.Id));
        Assert.Equal(
            ["metadata", "dimensions", "geometry", "colors", "materials", "labels", "deformation", "keypoints", "analysis_notes", "uncertainty"],
            template.Sections);
    }

    [Fact]
    public void The_text_is_the_file_as_shipped_with_its_instructions_and_rules()
    {
        var text = new TemplateCatalog().Default.Text;

        Assert.StartsWith("# Product analysis template, version 1.0.", text, StringComparison.Ordinal);
        Assert.Contains("null", text, StringComparison.Ordinal);
        Assert.Contains("\"#RRGGBB\"", text, StringComparison.Ordinal);
        Assert.Contains("from 0 (a guess) to 1", text, StringComparison.Ordinal);
        Assert.Contains("hex: null  # hex", text, StringComparison.Ordinal);
        Assert.True(SpecDocument.TryParse(text, YamlLimits.Default, out _) is not null);
    }

    [Fact]
    public void Every_leaf_of_the_shipped_template_has_a_rule_and_every_rule_a_leaf()
    {
        var template = new TemplateCatalog().Default;

        var leaves = template.Shape.Leaves().Select(leaf => leaf.Path).ToList();

        Assert.Equal(leaves, template.Rules.Keys);
        Assert.True(leaves.Count > 100, $"{leaves.Count} leaves");
    }

    [Fact]
    public void Every_measured_field_has_a_confidence_beside_it()
    {
        var template = new TemplateCatalog().Default;
        string[] measured = ["dimensions.primary.width", "dimensions.primary.height", "dimensions.primary.depth", "geometry.corner_radii.top_left",
            "geometry.edges.top", "geometry.thickness.rim", "colors.primary", "colors.secondary", "colors.accent", "materials.primary_material",
            "materials.optical_properties.transparency", "materials.optical_properties.reflection", "materials.surface_texture",
            "labels.primary_label.dimensions", "keypoints.silhouette"];

        foreach (var path in measured)
        {
            Assert.Equal(ValueKind.Confidence, template.Rules[path + ".confidence"].Kind);
        }

        Assert.Equal(ValueKind.Confidence, template.Rules["metadata.confidence_overall"].Kind);
    }

    [Theory]
    [InlineData("materials.primary_material.type", "plastic", "other")]
    [InlineData("materials.primary_material.finish", "matte", "other")]
    [InlineData("materials.primary_material.rigidity", "rigid", "flexible")]
    [InlineData("materials.optical_properties.transparency.type", "opaque", "transparent")]
    [InlineData("materials.optical_properties.reflection.type", "none", "mixed")]
    [InlineData("materials.optical_properties.reflection.intensity", "low", "high")]
    [InlineData("materials.surface_texture.type", "smooth", "other")]
    [InlineData("geometry.edges.left.shape", "straight", "other")]
    [InlineData("labels.primary_label.material", "printed", "other")]
    [InlineData("labels.primary_label.position", "front", "other")]
    [InlineData("labels.primary_label.style.finish", "matte", "other")]
    [InlineData("dimensions.primary.width.unit", "mm", "mm")]
    public void Categorical_fields_are_enumerations(string path, string oneValue, string anotherValue)
    {
        var rule = new TemplateCatalog().Default.Rules[path];

        Assert.Equal(ValueKind.Enum, rule.Kind);
        Assert.Contains(oneValue, rule.Allowed);
        Assert.Contains(anotherValue, rule.Allowed);
    }

    [Fact]
    public void Rules_and_notes_are_read_from_line_comments()
    {
        var rules = new TemplateCatalog().Default.Rules;

        var points = rules["keypoints.silhouette.points"];
        Assert.Equal((ValueKind.Point, true, "outline clockwise from the top-left"), (points.Kind, points.IsList, points.Note));
        Assert.Equal((ValueKind.Hex, true), (rules["colors.label_colors.graphics"].Kind, rules["colors.label_colors.graphics"].IsList));
        Assert.Equal((ValueKind.Date, "YYYY-MM-DD"), (rules["metadata.analysis_date"].Kind, rules["metadata.analysis_date"].Note));
        Assert.Null(rules["colors.primary.hex"].Note);
    }

    [Fact]
    public void The_template_itself_is_a_valid_document_and_so_is_it_filled_in()
    {
        var template = new TemplateCatalog().Default;

        Assert.Empty(TemplateValidator.Validate(template.Shape, template));
        Assert.Empty(TemplateValidator.Validate(Samples.Filled(), template));
    }

    [Fact]
    public void The_catalog_resolves_from_the_container_as_a_singleton_with_its_templates()
    {
        using var services = new ServiceCollection().AddSingleton<TemplateCatalog>().BuildServiceProvider();

        var catalog = services.GetRequiredService<TemplateCatalog>();

        Assert.Same(catalog, services.GetRequiredService<TemplateCatalog>());
        Assert.Equal("product-analysis@1.0", catalog.Default.Id);
    }

    [Fact]
    public void Versions_are_ordered_newest_first_by_number_per_name()
    {
        var catalog = TemplateCatalog.FromFiles([File("product-analysis", "1.2"), File("product-analysis", "1.10"), File("other", "2.0"), File("product-analysis", "1.0")]);

        Assert.Equal(["other@2.0", "product-analysis@1.10", "product-analysis@1.2", "product-analysis@1.0"], catalog.All.Select(t => t.Id));
        Assert.Equal("product-analysis@1.10", catalog.Default.Id);
        Assert.Null(catalog.Find("product-analysis", "1.1"));
    }

    [Theory]
    [InlineData("  value: null  # number", "  value: null", "has no rule")]
    [InlineData("  value: null  # number", "  value: null  # decimal", "is not a rule")]
    [InlineData("  value: null  # number", "  value: null  # enum: a | a", "each once")]
    [InlineData("  value: null  # number", "  value: null  # enum: a | | b", "single words")]
    [InlineData("  value: null  # number", "  value: [1]  # list of number", "must be empty")]
    [InlineData("  value: null  # number", "  value: {a: null, b: null}  # number", "shares line")]
    [InlineData("\"VERSION\"", "\"9.9\"", "own version")]
    [InlineData("body:", "body: [", "(line ")]
    public void A_broken_template_stops_the_catalog_with_the_reason(string replace, string with, string reason)
    {
        var text = Minimal.Replace("VERSION", "1.0", StringComparison.Ordinal);
        text = text.Replace(replace == "\"VERSION\"" ? "\"1.0\"" : replace, with, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidOperationException>(() => TemplateCatalog.FromFiles([("product-analysis-1.0.yaml", text)]));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("product-analysis@1.0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("product-analysis.yaml")]
    [InlineData("product-analysis-v1.yaml")]
    [InlineData("-1.0.yaml")]
    public void Template_files_must_be_named_name_dash_version(string fileName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TemplateCatalog.FromFiles([(fileName, Minimal.Replace("VERSION", "1.0", StringComparison.Ordinal))]));

        Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_without_product_analysis_or_with_a_version_twice_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => TemplateCatalog.FromFiles([File("other", "1.0")]));
        Assert.Throws<InvalidOperationException>(() => TemplateCatalog.FromFiles([File("product-analysis", "1.0"), File("product-analysis", "1.0")]));
    }

    private static (string FileName, string Text) File(string name, string version) =>
        ($"{name}-{version}.yaml", Minimal.Replace("VERSION", version, StringComparison.Ordinal));
}
