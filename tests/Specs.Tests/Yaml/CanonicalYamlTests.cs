using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Yaml;

public sealed class CanonicalYamlTests
{
    private const string Spec = """
        metadata:
          template_version: "1.0"
          product_name: Travel mug
          analysis_date: 2024-05-01
          confidence_overall: 0.50
        colors:
          primary: {hex: "#1a2b3c", name: deep blue, coverage_percentage: 62.5, confidence: 0.8}
          label_colors:
            graphics: ["#FFFFFF", '#000000']
        keypoints:
          silhouette:
            points: [[0.1, 0.2], [0.9, 0.2], [0.5, 1]]
          features:
            - {name: lid, x: 0.5, y: 0.05}
            - name: handle
              x: 0.9
              y: 0.5
        analysis_notes:
          measurement_challenges:
            - "Glare on the lid: \"shiny\""
            - |
              Two lines
              of text
          assumptions_made: []
        deformation: ~
        labels: {}
        """;

    [Fact]
    public void The_canonical_text_is_a_fixed_point_of_parse_and_write()
    {
        var once = Parse.Ok(Spec).ToYaml();
        var twice = Parse.Ok(once).ToYaml();

        Assert.Equal(once, twice);
    }

    [Fact]
    public void The_canonical_form_is_block_yaml_with_quotes_only_where_needed()
    {
        var expected = """
            metadata:
              template_version: '1.0'
              product_name: Travel mug
              analysis_date: '2024-05-01'
              confidence_overall: 0.50
            colors:
              primary:
                hex: '#1a2b3c'
                name: deep blue
                coverage_percentage: 62.5
                confidence: 0.8
              label_colors:
                graphics:
                  - '#FFFFFF'
                  - '#000000'
            keypoints:
              silhouette:
                points:
                  - [0.1, 0.2]
                  - [0.9, 0.2]
                  - [0.5, 1]
              features:
                - name: lid
                  x: 0.5
                  y: 0.05
                - name: handle
                  x: 0.9
                  y: 0.5
            analysis_notes:
              measurement_challenges:
                - 'Glare on the lid: "shiny"'
                - |
                  Two lines
                  of text
              assumptions_made: []
            deformation: null
            labels: {}

            """;

        Assert.Equal(expected, Parse.Ok(Spec).ToYaml());
    }

    [Fact]
    public void Numbers_keep_their_text()
    {
        var document = Parse.Ok("a: 0.50\nb: 1e3\nc: -0\nd: 1.0\ne: 0.1\nf: +7\ng: .5\n");

        Assert.Equal("a: 0.50\nb: 1e3\nc: -0\nd: 1.0\ne: 0.1\nf: +7\ng: .5\n", document.ToYaml());
        Assert.Equal("0.1", document.Scalar("e"));
    }

    [Fact]
    public void Equal_content_written_differently_gives_the_same_text()
    {
        var block = Parse.Ok("a:\n  b: 'x'\n  c: ~\n  d: True\nl:\n- 1\n- 2\n");
        var flow = Parse.Ok("{a: {b: x, c: null, d: true}, l: [1, 2]}");

        Assert.Equal(block.ToYaml(), flow.ToYaml());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("0.5")]
    [InlineData("1e3")]
    [InlineData("yes")]
    [InlineData("off")]
    [InlineData("2024-05-01")]
    [InlineData("0x1F")]
    [InlineData("12:30")]
    [InlineData(".inf")]
    [InlineData("500ml")]
    [InlineData("#1A2B3C")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("x #y")]
    [InlineData("[x]")]
    [InlineData("{x}")]
    [InlineData("*star")]
    [InlineData("&amp")]
    [InlineData("!bang")]
    [InlineData("it's \"quoted\"")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("two\nlines")]
    [InlineData("ends with newline\n")]
    [InlineData("blank lines\n\n\n")]
    [InlineData(" indented\nfirst line")]
    [InlineData("carriage\r\nreturn")]
    [InlineData("tab\there")]
    [InlineData("control \u0001 char")]
    [InlineData("Grüße 🎉")]
    [InlineData("line\u2028separator")]
    [InlineData("next\u0085line")]
    [InlineData("lone\rreturn")]
    [InlineData("paragraph\u2029separator")]
    public void A_string_round_trips_exactly_and_stays_a_string(string value)
    {
        var document = Parse.Ok($"a: {Quote(value)}\nl: [{Quote(value)}]\n");
        var text = document.ToYaml();
        var again = Parse.Ok(text);

        Assert.Equal(value, again.Scalar("a"));
        Assert.Equal(value, again.Scalar("l[0]"));
        Assert.Equal(ScalarKind.String, Assert.IsType<SpecScalar>(again.Find("a")).Kind);
        Assert.Equal(text, again.ToYaml());
    }

    [Theory]
    [InlineData("plain words", "a: plain words\n")]
    [InlineData("deep blue", "a: deep blue\n")]
    [InlineData("a, b", "a: a, b\n")]
    [InlineData("y", "a: y\n")]
    [InlineData("on", "a: 'on'\n")]
    [InlineData("true", "a: 'true'\n")]
    [InlineData("#1A2B3C", "a: '#1A2B3C'\n")]
    public void Strings_are_quoted_only_when_they_need_it(string value, string expected) =>
        Assert.Equal(expected, Parse.Ok($"a: {Quote(value)}\n").ToYaml());

    [Theory]
    [InlineData("true")]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("yes")]
    [InlineData("a: b")]
    [InlineData("#key")]
    [InlineData("two\nlines")]
    [InlineData("crlf\r\nkey")]
    [InlineData("Grüße")]
    public void A_key_round_trips_exactly(string key)
    {
        var text = Parse.Ok($"{Quote(key)}: 1\nnested: {{{Quote(key)}: [{Quote(key)}]}}\n").ToYaml();
        var again = Parse.Ok(text);

        Assert.Equal([key, "nested"], again.Root.Entries.Select(entry => entry.Key));
        Assert.Equal(key, Assert.IsType<SpecMapping>(again.Root.Get("nested")).Entries[0].Key);
        Assert.Equal(text, again.ToYaml());
    }

    [Fact]
    public void Key_order_is_kept()
    {
        var document = Parse.Ok("z: 1\na: 2\nm: {y: 1, b: 2}\n");

        Assert.Equal("z: 1\na: 2\nm:\n  y: 1\n  b: 2\n", document.ToYaml());
    }

    [Fact]
    public void Comments_are_not_part_of_the_canonical_text() =>
        Assert.Equal("a: 1\n", Parse.Ok("# header\na: 1  # trailing\n# footer\n").ToYaml());

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal).Replace("\u0001", "\\x01", StringComparison.Ordinal)
            .Replace("\u2028", "\\L", StringComparison.Ordinal).Replace("\u0085", "\\N", StringComparison.Ordinal).Replace("\u2029", "\\P", StringComparison.Ordinal) + "\"";
}
