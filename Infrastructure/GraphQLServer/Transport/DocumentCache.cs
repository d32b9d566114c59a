using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// Parsed documents by query text: a repeated document skips parsing and the specification's validation rules,
/// which depend only on the document and the schema (measured with bench/: about 80 us of CPU per <c>users</c>
/// request on the 2-core reference machine). Every other rule still runs, since they depend on the caller, the
/// transport or the variables: authorization and introspection access, document limits, complexity, GET's
/// query-only rule and the modules' rules (<see cref="ValidationRuleSet"/>); a query repeated by the same kind of
/// caller skips them too (<see cref="ValidationOutcomeCache"/>, docs/adr/0045). It wraps execution after the rules
/// are composed and takes out only the specification's, so the order of the others stays as composed.
/// </summary>
/// <remarks>
/// Not GraphQL.NET's MemoryDocumentCache: on a hit it runs only the rules registered with
/// <c>useForCachedDocuments</c>, which would skip our authorization rule. Only documents that passed validation are
/// stored, and the total query length held is bounded.
/// </remarks>
internal sealed class DocumentCache : IDisposable
{
    /// <summary>Characters of query text held; parsed documents take roughly ten times that in memory.</summary>
    public const int MaxTotalQueryLength = 200_000;

    /// <summary>Longer documents are parsed every time rather than crowd out the common ones.</summary>
    public const int MaxQueryLength = 20_000;

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxTotalQueryLength });
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { Length: > 0 and <= MaxQueryLength } query)
        {
            return await next(options);
        }

        if (_documents.TryGetValue(query, out GraphQLDocument? document) && document is not null)
        {
            Interlocked.Increment(ref _hits);
            options.Document = document;
            options.ValidationRules = [.. (options.ValidationRules ?? DocumentValidator.CoreRules).Where(rule => !SpecificationRules.Contains(rule))];
            return await next(options);
        }

        Interlocked.Increment(ref _misses);
        var result = await next(options);
        if (result.Executed && result.Document is not null)
        {
            _documents.Set(query, result.Document, new MemoryCacheEntryOptions { Size = query.Length });
        }

        return result;
    }

    public void Dispose() => _documents.Dispose();
}
