using System.Text;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Yaml;

public sealed class HostileYamlTests
{
    [Fact]
    public void Text_over_the_size_cap_is_refused_before_it_is_parsed()
    {
        // Broken YAML: a parser would report a syntax error, so TOO_LARGE proves the size came first.
        var text = "a: [" + new string('x', YamlLimits.Default.MaxBytes);

        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.TooLarge, problem.Code);
        Assert.Null(problem.Line);
    }

    [Fact]
    public void The_size_cap_counts_utf8_bytes_not_characters()
    {
        var limits = new YamlLimits(MaxBytes: 1_000);
        var value = new string('é', 450); // 450 characters, 900 bytes

        Assert.Equal(YamlProblemCodes.TooLarge, Parse.Refused($"a: {value}\nb: {value}\n", limits).Code);
        Parse.Ok($"a: {value}\n", limits);
    }

    [Fact]
    public void Flow_nesting_past_the_depth_cap_is_refused_at_the_first_level_too_many()
    {
        var text = "a: " + new string('[', 10_000) + new string(']', 10_000);

        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.TooDeep, problem.Code);
        Assert.Equal(1, problem.Line);
        Assert.Equal(4 + YamlLimits.Default.MaxDepth - 1, problem.Column); // the root is level 1, '[' at column 4 is level 2
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Block_nesting_is_allowed_up_to_the_depth_cap(int levels, bool accepted)
    {
        var text = new StringBuilder();
        for (var level = 0; level < levels; level++)
        {
            text.Append(' ', level * 2).Append("k").Append(level).Append(":\n");
        }

        text.Append(' ', levels * 2).Append("leaf: 1\n");
        var limits = new YamlLimits(MaxDepth: 6); // root + 5 nested mappings + the innermost mapping = levels + 1

        if (accepted)
        {
            Parse.Ok(text.ToString(), limits);
        }
        else
        {
            var problem = Parse.Refused(text.ToString(), limits);
            Assert.Equal(YamlProblemCodes.TooDeep, problem.Code);
            Assert.Equal(levels + 1, problem.Line);
        }
    }

    [Fact]
    public void More_nodes_than_the_cap_are_refused_while_reading()
    {
        // 60,000 one-character items fit the size cap; the default node cap stops them.
        var text = "a:\n" + string.Concat(Enumerable.Repeat("- 1\n", 60_000));

        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.TooManyNodes, problem.Code);
        Assert.Equal(YamlLimits.Default.MaxNodes - 1, problem.Line); // root, key, list: item n (line n + 1) is node n + 3
    }

    [Fact]
    public void Keys_count_as_nodes_and_the_cap_itself_is_allowed()
    {
        var limits = new YamlLimits(MaxNodes: 5); // root, two keys, two values

        Parse.Ok("a: 1\nb: 2\n", limits);
        Assert.Equal(YamlProblemCodes.TooManyNodes, Parse.Refused("a: 1\nb: 2\nc: 3\n", limits).Code);
    }

    [Fact]
    public void A_billion_laughs_document_fails_fast_with_an_alias_error_using_little_memory()
    {
        var text = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append("lol").Append(level).Append(": &lol").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat($"*lol{level - 1}", 10)).Append("]\n");
        }

        var document = text.ToString();
        Parse.Refused("a: &x 1\n"); // first use of the parser's code paths, so what follows measures the document alone

        var before = GC.GetAllocatedBytesForCurrentThread();
        var problem = Parse.Refused(document);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(YamlProblemCodes.Alias, problem.Code);
        Assert.Equal((1, 7), (problem.Line, problem.Column));
        // Expanded, it would be 10^9 strings; read up to the first anchor, it is a few parser buffers.
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("a: &anchor 1\n", 1, 4)]
    [InlineData("a: 1\nb: *a\n", 2, 4)]
    [InlineData("base: {x: 1}\nderived:\n  <<: *base\n", 3, 7)]
    [InlineData("list:\n  - &item {x: 1}\n", 2, 5)]
    public void Any_anchor_or_alias_is_refused_where_it_stands(string text, int line, int column)
    {
        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.Alias, problem.Code);
        Assert.Equal((line, column), (problem.Line, problem.Column));
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: 1\n  c: 2\n", 4, 3, "'c'", "line 3")]
    [InlineData("a: 1\n\"a\": 2\n", 2, 1, "'a'", "line 1")]
    [InlineData("l:\n  - {x: 1, y: 2, x: 3}\n", 2, 18, "'x'", "line 2")]
    public void Duplicate_keys_are_reported_with_line_and_column(string text, int line, int column, string key, string first)
    {
        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.DuplicateKey, problem.Code);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains(key, problem.Message, StringComparison.Ordinal);
        Assert.Contains(first, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_are_ignored_and_the_value_is_read_as_plain_data()
    {
        var document = Parse.Ok("""
            run: !!python/object/apply:os.system ["rm -rf /"]
            obj: !!python/object:__main__.Exploit {cmd: id}
            custom: !Product {name: cup}
            local: !secret token
            str: !!str 123
            """);

        Assert.Equal("rm -rf /", document.Scalar("run[0]"));
        Assert.Equal("id", document.Scalar("obj.cmd"));
        Assert.Equal("cup", document.Scalar("custom.name"));
        Assert.Equal("token", document.Scalar("local"));
        Assert.Equal("123", document.Scalar("str"));
        Assert.DoesNotContain("!", document.ToYaml(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: b\nc: [1,\n", 3, 1)]
    [InlineData("a: b\n c: d\n", 2, 3)]
    [InlineData("a: 'unterminated\n", 1, 4)]
    [InlineData("geometry:\n    rgb: [{]\n    name: null\n", 3, 5)] // YamlDotNet throws a plain InvalidOperationException here
    public void Syntax_errors_carry_line_and_column(string text, int line, int column)
    {
        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.Syntax, problem.Code);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Theory]
    [InlineData("a: 1\n---\nb: 2\n", 2)]
    [InlineData("---\na: 1\n...\n---\nb: 2\n", 4)]
    [InlineData("a: 1\n---\n", 2)]
    public void Only_one_document_is_accepted(string text, int line)
    {
        var problem = Parse.Refused(text);

        Assert.Equal(YamlProblemCodes.Syntax, problem.Code);
        Assert.Equal(line, problem.Line);
        Assert.Contains("one YAML document", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_document_with_explicit_markers_is_fine() =>
        Assert.Equal("1", Parse.Ok("%YAML 1.2\n---\na: 1\n...\n").Scalar("a"));

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("just text")]
    [InlineData("42")]
    [InlineData("- a\n- b\n")]
    [InlineData("---\n")]
    [InlineData("null")]
    public void A_root_that_is_not_a_mapping_is_refused(string text) =>
        Assert.Equal(YamlProblemCodes.NotAMapping, Parse.Refused(text).Code);

    [Theory]
    [InlineData("? [a, b]\n: 1\n")]
    [InlineData("{[a]: 1}\n")]
    public void Keys_must_be_single_values(string text) =>
        Assert.Equal(YamlProblemCodes.Syntax, Parse.Refused(text).Code);
}
