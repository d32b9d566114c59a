using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Yaml;

/// <summary>Parsing helpers for tests: the document, or the problem, with a readable failure otherwise.</summary>
internal static class Parse
{
    public static SpecDocument Ok(string text, YamlLimits? limits = null)
    {
        var document = SpecDocument.TryParse(text, limits ?? YamlLimits.Default, out var problem);
        Assert.True(document is not null, $"refused: {problem}");
        Assert.Null(problem);
        return document;
    }

    public static YamlProblem Refused(string text, YamlLimits? limits = null)
    {
        var document = SpecDocument.TryParse(text, limits ?? YamlLimits.Default, out var problem);
        Assert.Null(document);
        Assert.NotNull(problem);
        return problem;
    }
}
