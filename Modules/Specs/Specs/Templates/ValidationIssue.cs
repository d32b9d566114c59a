namespace ProductDescriber.Specs.Templates;

internal enum IssueSeverity
{
    /// <summary>The document does not follow its template: an analysis reply with it fails the run.</summary>
    Error,

    /// <summary>Worth knowing but harmless, e.g. a key the template does not have.</summary>
    Warning,
}

internal sealed record ValidationIssue(string Path, string Message, IssueSeverity Severity);
