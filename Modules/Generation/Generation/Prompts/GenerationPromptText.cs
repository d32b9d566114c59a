namespace ProductDescriber.Generation.Prompts;

/// <summary>The prompt for a request: the exact text sent to the provider, and the specification paths whose
/// confidence was too low to be stated as facts in it (in document order).</summary>
internal sealed record GenerationPromptText(string Text, IReadOnlyList<string> UncertainFields);
