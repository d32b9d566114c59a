using ProductDescriber.Specs.Templates;

namespace ProductDescriber.Specs.Tests.Templates;

public sealed class FieldRuleTests
{
    [Theory]
    [InlineData("number", "Number", false)]
    [InlineData("integer", "Integer", false)]
    [InlineData("string", "String", false)]
    [InlineData("boolean", "Boolean", false)]
    [InlineData("date", "Date", false)]
    [InlineData("hex", "Hex", false)]
    [InlineData("confidence", "Confidence", false)]
    [InlineData("point", "Point", false)]
    [InlineData("object", "Object", false)]
    [InlineData("list of string", "String", true)]
    [InlineData("list of hex", "Hex", true)]
    [InlineData("list of point", "Point", true)]
    [InlineData("list of object", "Object", true)]
    [InlineData("list of integer; [r, g, b]", "Integer", true)]
    public void Rules_are_parsed(string comment, string kind, bool isList)
    {
        Assert.True(FieldRule.TryParse(comment, out var rule, out var error), error);

        Assert.Equal((Enum.Parse<ValueKind>(kind), isList), (rule!.Kind, rule.IsList));
    }

    [Fact]
    public void An_enumeration_lists_its_values_and_a_note_follows_the_semicolon()
    {
        Assert.True(FieldRule.TryParse("enum: a | b_c |d ; pick one", out var rule, out _));

        Assert.Equal(ValueKind.Enum, rule!.Kind);
        Assert.Equal(["a", "b_c", "d"], rule.Allowed);
        Assert.Equal("pick one", rule.Note);
        Assert.Equal("one of: a, b_c, d", rule.Describe());
    }

    [Theory]
    [InlineData("")]
    [InlineData("numbers")]
    [InlineData("Number")]
    [InlineData("list of")]
    [InlineData("list of lists")]
    [InlineData("enum:")]
    [InlineData("enum: a | two words")]
    public void Anything_else_is_not_a_rule(string comment)
    {
        Assert.False(FieldRule.TryParse(comment, out var rule, out var error));

        Assert.Null(rule);
        Assert.NotNull(error);
    }
}
