using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Yaml;

public sealed class SpecDiffTests
{
    private const string Before = """
        colors:
          primary: {hex: "#1A2B3C", name: navy}
        keypoints:
          features:
            - {name: lid, x: 0.5}
            - {name: handle, x: 0.9}
            - {name: base, x: 0.5}
        materials: {type: plastic}
        uncertainty: null
        """;

    [Fact]
    public void Identical_documents_have_no_changes() =>
        Assert.Empty(SpecDiff.Compare(Parse.Ok(Before), Parse.Ok(Before)));

    [Fact]
    public void Formatting_alone_is_not_a_change()
    {
        var reformatted = """
            colors: {primary: {hex: '#1A2B3C', name: "navy"}}
            keypoints: {features: [{name: lid, x: 0.5}, {name: handle, x: 0.9}, {name: base, x: 0.5}]}
            materials:
              type: plastic
            uncertainty: ~
            """;

        Assert.Empty(SpecDiff.Compare(Parse.Ok(Before), Parse.Ok(reformatted)));
    }

    [Fact]
    public void Changed_leaves_are_reported_at_their_paths()
    {
        var after = Before.Replace("#1A2B3C", "#FF0000", StringComparison.Ordinal)
            .Replace("{name: base, x: 0.5}", "{name: base, x: 0.55}", StringComparison.Ordinal);

        var changes = SpecDiff.Compare(Parse.Ok(Before), Parse.Ok(after));

        Assert.Equal(
            [
                new SpecChange("colors.primary.hex", "'#1A2B3C'", "'#FF0000'"),
                new SpecChange("keypoints.features[2].x", "0.5", "0.55"),
            ],
            changes);
    }

    [Fact]
    public void Added_and_removed_subtrees_are_reported_whole()
    {
        var after = """
            colors:
              primary: {hex: "#1A2B3C", name: navy}
              accent: {hex: "#FFFFFF", name: white}
            keypoints:
              features:
                - {name: lid, x: 0.5}
            uncertainty: null
            labels: {present: false}
            """;

        var changes = SpecDiff.Compare(Parse.Ok(Before), Parse.Ok(after));

        Assert.Equal(
            [
                new SpecChange("colors.accent", null, "{hex: '#FFFFFF', name: white}"),
                new SpecChange("keypoints.features[1]", "{name: handle, x: 0.9}", null),
                new SpecChange("keypoints.features[2]", "{name: base, x: 0.5}", null),
                new SpecChange("materials", "{type: plastic}", null),
                new SpecChange("labels", null, "{present: false}"),
            ],
            changes);
    }

    [Fact]
    public void A_value_replaced_by_another_kind_is_one_change_of_the_whole_value()
    {
        var after = Before.Replace("uncertainty: null", "uncertainty: {lowest_confidence_fields: [colors]}", StringComparison.Ordinal)
            .Replace("materials: {type: plastic}", "materials: plastic", StringComparison.Ordinal);

        var changes = SpecDiff.Compare(Parse.Ok(Before), Parse.Ok(after));

        Assert.Equal(
            [
                new SpecChange("materials", "{type: plastic}", "plastic"),
                new SpecChange("uncertainty", "null", "{lowest_confidence_fields: [colors]}"),
            ],
            changes);
    }

    [Fact]
    public void A_quoted_number_differs_from_the_number_and_a_null_from_a_missing_key()
    {
        var before = Parse.Ok("a: 0.5\nb: null\n");
        var after = Parse.Ok("a: '0.5'\n");

        Assert.Equal([new SpecChange("a", "0.5", "'0.5'"), new SpecChange("b", "null", null)], SpecDiff.Compare(before, after));
    }

    [Fact]
    public void The_order_is_stable_and_the_diff_is_the_mirror_of_its_reverse()
    {
        var after = Parse.Ok(Before.Replace("navy", "blue", StringComparison.Ordinal) + "\nextra: 1\n");

        var forward = SpecDiff.Compare(Parse.Ok(Before), after);
        var backward = SpecDiff.Compare(after, Parse.Ok(Before));

        Assert.Equal(forward, SpecDiff.Compare(Parse.Ok(Before), after));
        Assert.Equal(forward.Select(c => new SpecChange(c.Path, c.After, c.Before)), backward);
    }
}
