using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Prompts;

internal sealed record GenerationPromptText(string Text, IReadOnlyList<string> UncertainFields);

// STUB: replaced by the prompt builder (branch i12-prompt).
internal static class GenerationPrompt
{
    public static GenerationPromptText Build(SpecificationInfo specification, string userPrompt, double confidenceThreshold, UncertainFieldHandling handling) =>
        new($"Product specification v{specification.Version}:\n{specification.YamlContent}\n\n{userPrompt}", []);
}
