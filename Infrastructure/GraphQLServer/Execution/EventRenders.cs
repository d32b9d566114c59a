using System.Security.Claims;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.GraphQLServer.Execution;

/// <summary>The renders of one event, newest last; few (one per distinct question, or per caller for renders that looked at the caller).</summary>
internal sealed class EventRenders
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>The newest render within the reuse window asked for the same thing, finished or not.</summary>
    public Entry? Find(AskedFor asked, long now, TimeProvider time)
    {
        lock (_gate)
        {
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                var entry = _entries[i];
                if (time.GetElapsedTime(entry.At, now) > SharedEventRendering.ReuseWindow)
                {
                    break;
                }

                if (entry.Asked.SameQuestion(asked) && (!entry.Result.IsCompletedSuccessfully || entry.Result.Result.Fits(asked)))
                {
                    return entry;
                }
            }

            return null;
        }
    }

    public Entry Add(AskedFor asked, long now, Task<Render> result, TimeProvider time)
    {
        var entry = new Entry(asked, now, result);
        lock (_gate)
        {
            // Renders past the window are never handed out again.
            _entries.RemoveAll(e => time.GetElapsedTime(e.At, now) > SharedEventRendering.ReuseWindow);
            _entries.Add(entry);
        }

        return entry;
    }

    public void Remove(Entry entry)
    {
        lock (_gate)
        {
            _entries.Remove(entry);
        }
    }

    internal sealed record Entry(AskedFor Asked, long At, Task<Render> Result);
}

/// <summary>One finished render: the result, what it answered, and whether it depends on who asked.</summary>
internal sealed record Render(ExecutionResult Result, AskedFor Asked, bool DependsOnCaller)
{
    /// <summary>True when this render is the answer for <paramref name="other"/> too.</summary>
    public bool Fits(AskedFor other) => Asked.SameQuestion(other) && (!DependsOnCaller || Asked.SameCaller(other));
}

/// <summary>What a subscriber asked (document, operation, variables) and who it is.</summary>
internal sealed record AskedFor(GraphQLDocument Document, string? Operation, Variables? Variables, ClaimsPrincipal Caller)
{
    public bool SameQuestion(AskedFor other) =>
        SameDocument(Document, other.Document)
        && string.Equals(Operation, other.Operation, StringComparison.Ordinal)
        && SameValues.Equal(Variables, other.Variables);

    /// <summary>Same user with the same roles (a token with other roles may be answered differently).</summary>
    public bool SameCaller(AskedFor other) =>
        Caller.GetUserId() is { } id && id == other.Caller.GetUserId()
        && RolesOf(Caller).SetEquals(RolesOf(other.Caller));

    // Documents come from the document cache, so the same text is usually the same object.
    private static bool SameDocument(GraphQLDocument a, GraphQLDocument b) =>
        ReferenceEquals(a, b) || a.Source.Span.SequenceEqual(b.Source.Span);

    private static HashSet<string> RolesOf(ClaimsPrincipal principal) =>
        principal.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
}
