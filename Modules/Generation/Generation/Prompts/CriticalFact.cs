namespace ProductDescriber.Generation.Prompts;

/// <summary>
/// One thing the picture must respect, read from the specification.
/// </summary>
/// <param name="Path">The measured field it comes from (where its confidence is kept), e.g. <c>colors.primary</c>.</param>
/// <param name="Subject">What it is, for the list of uncertain fields ("primary colour").</param>
/// <param name="Heading">The line it is stated on; facts with the same heading share one line ("Outer dimensions").</param>
/// <param name="Value">What is stated ("width 190 mm").</param>
internal sealed record CriticalFact(string Path, string Subject, string Heading, string Value);
