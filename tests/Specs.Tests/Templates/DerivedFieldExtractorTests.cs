using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Tests.Yaml;

namespace ProductDescriber.Specs.Tests.Templates;

public sealed class DerivedFieldExtractorTests
{
    private const string Mug = """
        metadata:
          template_version: "1.0"
          confidence_overall: 0.62
        dimensions:
          primary:
            width: {value: 82, unit: mm, confidence: 0.4}
            height: {value: 95.5, unit: mm, confidence: 0.45}
            depth: {value: 82, unit: mm, confidence: null}
        colors:
          primary: {hex: "#1a2b3c", name: navy, coverage_percentage: 70, confidence: 0.5}
          secondary: {hex: "#FFFFFF", name: white, coverage_percentage: 25.5, confidence: 0.3}
          accent: null
        materials:
          primary_material: {type: ceramic, finish: glossy, confidence: 0.7}
        keypoints:
          features:
            - {name: handle, x: 0.9, y: 0.5, confidence: 0.2}
            - {name: rim, x: 0.5, y: 0.0}
        """;

    [Fact]
    public void A_full_document_gives_every_field()
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok(Mug));

        Assert.Equal(new PrimaryDimensions(82, 95.5, 82, "mm"), fields.PrimaryDimensions);
        Assert.Equal(new ColorSwatch("#1A2B3C", "navy", 70), fields.PrimaryColors!.Primary);
        Assert.Equal(new ColorSwatch("#FFFFFF", "white", 25.5), fields.PrimaryColors.Secondary);
        Assert.Null(fields.PrimaryColors.Accent);
        Assert.Equal("ceramic", fields.MaterialType);
        Assert.Equal(0.62, fields.ConfidenceOverall);
        Assert.Equal(
            [
                new("dimensions.primary.width", 0.4),
                new("dimensions.primary.height", 0.45),
                new("colors.primary", 0.5),
                new("colors.secondary", 0.3),
                new("materials.primary_material", 0.7),
                new KeyValuePair<string, double>("keypoints.features[0]", 0.2),
            ],
            fields.FieldConfidences);
    }

    [Fact]
    public void A_partial_document_gives_what_it_has()
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok("""
            dimensions:
              primary:
                height: {value: 120, unit: cm}
            colors:
              accent: {name: gold}
            """));

        Assert.Equal(new PrimaryDimensions(null, 120, null, "mm"), fields.PrimaryDimensions); // the unit is the width's
        Assert.Equal(new PrimaryColors(null, null, new ColorSwatch(null, "gold", null)), fields.PrimaryColors);
        Assert.Null(fields.MaterialType);
        Assert.Null(fields.ConfidenceOverall);
        Assert.Empty(fields.FieldConfidences);
    }

    [Fact]
    public void The_width_unit_is_used_when_given()
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok("dimensions: {primary: {width: {value: 3.5, unit: in}}}"));

        Assert.Equal(new PrimaryDimensions(3.5, null, null, "in"), fields.PrimaryDimensions);
    }

    [Theory]
    [InlineData("metadata: null\ndimensions: null\ncolors: null\nmaterials: null\n")]
    [InlineData("dimensions: {primary: null}\ncolors: {primary: null, secondary: null}\nmaterials: {primary_material: null}\n")]
    [InlineData("dimensions: {primary: {width: null, height: {value: null}, depth: {}}}\nmaterials: {primary_material: {type: null}}\n")]
    [InlineData("other: 1\n")]
    public void Null_or_missing_sections_give_nulls(string yaml)
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok(yaml));

        Assert.Equal((null, null, null, null), (fields.PrimaryDimensions, fields.PrimaryColors, fields.MaterialType, fields.ConfidenceOverall));
        Assert.Empty(fields.FieldConfidences);
    }

    [Theory]
    [InlineData("dimensions: wide\ncolors: [red, blue]\nmaterials: 7\nmetadata: [1]\n")]
    [InlineData("dimensions: {primary: [1, 2, 3]}\ncolors: {primary: '#FFFFFF'}\nmaterials: {primary_material: [plastic]}\n")]
    [InlineData("dimensions: {primary: {width: {value: '82'}, height: {value: true}, depth: {value: [1]}}}\n")]
    [InlineData("metadata: {confidence_overall: high}\n")]
    [InlineData("metadata: {confidence_overall: 62}\n")]
    [InlineData("metadata: {confidence_overall: '0.5'}\n")]
    [InlineData("colors: {primary: {hex: blue, name: [x], coverage_percentage: lots}}\n")]
    [InlineData("a: {confidence: 1.5}\nb: {confidence: high}\nc: {confidence: [0.5]}\nd: {confidence: true}\n")]
    public void Garbage_gives_nulls_and_never_throws(string yaml)
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok(yaml));

        Assert.Equal((null, null, null, null), (fields.PrimaryDimensions, fields.PrimaryColors, fields.MaterialType, fields.ConfidenceOverall));
        Assert.Empty(fields.FieldConfidences);
    }

    [Fact]
    public void A_colour_keeps_its_valid_parts_when_the_hex_is_not_rrggbb()
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok("colors: {primary: {hex: '#FFF', name: white, coverage_percentage: 10}}"));

        Assert.Equal(new ColorSwatch(null, "white", 10), fields.PrimaryColors!.Primary);
    }

    [Fact]
    public void Confidences_of_zero_and_one_count_and_the_root_is_not_a_field()
    {
        var fields = DerivedFieldExtractor.Extract(Parse.Ok("confidence: 0.9\na: {confidence: 0}\nb: {c: {confidence: 1}}\n"));

        Assert.Equal([new("a", 0), new KeyValuePair<string, double>("b.c", 1)], fields.FieldConfidences);
    }

    [Fact]
    public void The_filled_template_gives_a_confidence_for_every_confidence_field()
    {
        var template = Samples.Template;
        var fields = DerivedFieldExtractor.Extract(Samples.Filled());

        var expected = template.Rules.Where(rule => rule.Key.EndsWith(".confidence", StringComparison.Ordinal))
            .Select(rule => rule.Key[..^".confidence".Length]);
        Assert.Equal(expected, fields.FieldConfidences.Keys);
        Assert.All(fields.FieldConfidences.Values, value => Assert.Equal(0.5, value));
    }
}
