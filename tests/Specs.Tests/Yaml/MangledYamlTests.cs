using System.Text;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Tests.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Yaml;

/// <summary>
/// Whatever text comes in, the pipeline answers with a document or a problem, never an exception: the template's
/// text and a filled document, mangled at random (fixed seeds, so a failure repeats), go through parse, write,
/// validate, derive and diff.
/// </summary>
public sealed class MangledYamlTests
{
    private const string Alphabet = ":-[]{},#&*!|>'\"%@`?\n\n  \t\\~0.5eaZ_é\r";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mangled_documents_never_make_the_pipeline_throw(int seed)
    {
        var random = new Random(seed);
        var template = Samples.Template;
        string[] sources = [template.Text, Samples.Filled().ToYaml()];
        var parsed = 0;

        for (var round = 0; round < 400; round++)
        {
            var text = Mangle(sources[round % sources.Length], random);
            var document = SpecDocument.TryParse(text, YamlLimits.Default, out var problem);
            if (document is null)
            {
                Assert.NotNull(problem);
                Assert.False(string.IsNullOrEmpty(problem.Code));
                continue;
            }

            parsed++;
            var canonical = document.ToYaml();
            Assert.Equal(canonical, Parse.Ok(canonical).ToYaml());
            TemplateValidator.Validate(document, template);
            DerivedFieldExtractor.Extract(document);
            SpecDiff.Compare(template.Shape, document);
        }

        Assert.True(parsed > 20, $"only {parsed} mangled documents parsed: the test would say little");
    }

    private static string Mangle(string text, Random random)
    {
        var result = new StringBuilder(text);
        for (var edit = random.Next(1, 6); edit > 0; edit--)
        {
            var at = random.Next(result.Length);
            switch (random.Next(3))
            {
                case 0:
                    result.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1:
                    result.Remove(at, Math.Min(random.Next(1, 8), result.Length - at));
                    break;
                default:
                    result[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
            }
        }

        return result.ToString();
    }
}
