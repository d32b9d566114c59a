using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// Parses a document and refuses it at once, before any validation rule runs, when it has too many definitions or
/// selects too many fields. Validation is not linear in the document: GraphQL.NET's OverlappingFieldsCanBeMerged
/// compares fields of one response name pairwise, so <c>{ __typename __typename ... }</c> 45,000 times cost 53 s
/// of CPU, and a limit checked as a validation rule runs in the same pass, too late. Parsing and counting are
/// linear (a 1 MB body parses in milliseconds), and a refused document is never executed, so never cached.
/// </summary>
internal sealed class SizeCheckedDocumentBuilder(IOptions<GraphQLServerOptions> options) : IDocumentBuilder
{
    private readonly GraphQLDocumentBuilder _parser = new() { MaxDepth = options.Value.MaxParserDepth };

    public GraphQLDocument Build(string body)
    {
        var document = _parser.Build(body);
        var limits = options.Value;

        // Checked first: it also bounds how deep fragment spreads can chain while counting.
        if (document.Definitions.Count > limits.MaxDefinitions)
        {
            throw new ValidationError($"The document has {document.Definitions.Count} definitions; at most {limits.MaxDefinitions} are allowed.")
            {
                Code = "DOCUMENT_TOO_LARGE",
            };
        }

        if (SelectionCount.Of(document, limits.MaxFields) > limits.MaxFields)
        {
            throw new ValidationError($"The document selects more than {limits.MaxFields} fields (aliases included, a fragment's fields each time it is spread); split it into smaller requests.")
            {
                Code = "COMPLEXITY",
            };
        }

        return document;
    }
}
