using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Yaml;

public sealed class ReplyYamlTests
{
    [Fact]
    public void A_yaml_fence_is_taken_without_the_text_around_it() =>
        Assert.Equal("a: 1\nb: 2", ReplyYaml.Extract("Here is the analysis:\n\n```yaml\na: 1\nb: 2\n```\n\nHope this helps."));

    [Theory]
    [InlineData("```yml\na: 1\n```")]
    [InlineData("```YAML\na: 1\n```")]
    [InlineData("```yaml title=spec\na: 1\n```")]
    [InlineData("  ```yaml\na: 1\n  ```")]
    [InlineData("````yaml\na: 1\n````")]
    public void Fence_variants_are_recognised(string reply) =>
        Assert.Equal("a: 1", ReplyYaml.Extract(reply));

    [Fact]
    public void A_yaml_fence_wins_over_an_earlier_fence_of_another_kind() =>
        Assert.Equal("a: 1", ReplyYaml.Extract("```json\n{\"a\": 1}\n```\nand as YAML:\n```yaml\na: 1\n```"));

    [Fact]
    public void The_first_yaml_fence_is_taken() =>
        Assert.Equal("a: 1", ReplyYaml.Extract("```yaml\na: 1\n```\n```yaml\na: 2\n```"));

    [Fact]
    public void Without_a_yaml_fence_any_fence_is_taken() =>
        Assert.Equal("a: 1", ReplyYaml.Extract("Result:\n```\na: 1\n```\n"));

    [Fact]
    public void Without_a_fence_the_whole_reply_is_taken_trimmed() =>
        Assert.Equal("a: 1\nb: 2", ReplyYaml.Extract("\n\na: 1\nb: 2\n\n"));

    [Fact]
    public void An_unclosed_fence_runs_to_the_end_of_the_reply() =>
        Assert.Equal("a: 1\nb: 2", ReplyYaml.Extract("```yaml\na: 1\nb: 2"));

    [Fact]
    public void Windows_line_ends_are_removed_inside_a_fence() =>
        Assert.Equal("a: 1\nb: 2", ReplyYaml.Extract("```yaml\r\na: 1\r\nb: 2\r\n```\r\n"));

    [Fact]
    public void Inline_backticks_are_not_a_fence() =>
        Assert.Equal("note: use ```yaml``` blocks", ReplyYaml.Extract("note: use ```yaml``` blocks"));

    [Fact]
    public void What_is_extracted_parses()
    {
        var reply = "Sure!\n```yaml\nmetadata:\n  template_version: \"1.0\"\n```\n";

        Assert.Equal("1.0", Parse.Ok(ReplyYaml.Extract(reply)).Scalar("metadata.template_version"));
    }
}
