using System.Runtime.CompilerServices;
using System.Security.Claims;
using GraphQL;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// Remembers that a query passed validation, so the same query from a caller of the same kind skips it
/// (docs/adr/0045): the same document object (from the <see cref="Transport.DocumentCache"/>), operation and rules,
/// and a caller signed in or not alike with the same roles. Only successes are remembered, only of queries sent
/// without variables, and only when every rule is repeatable (<see cref="IRepeatableValidationRule"/>, the specification's
/// rules, the complexity rule): anything else is validated on every request as before.
/// </summary>
internal sealed class ValidationOutcomeCache : IDocumentValidator
{
    /// <summary>Outcomes kept per document: one per operation and kind of caller, the oldest replaced first.</summary>
    public const int OutcomesPerDocument = 16;

    private readonly DocumentValidator _validator = new();
    private readonly ConditionalWeakTable<GraphQLDocument, Outcomes> _byDocument = [];
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        var rules = options.Rules ?? DocumentValidator.CoreRules;
        // With variables, each set of values would be an outcome to keep: a client sending the same small query with
        // ever-new, large variables would fill memory. Such queries are validated every time.
        if (options.Operation?.Operation != OperationType.Query || options.Variables is { Count: > 0 } || !rules.All(IsRepeatable))
        {
            return _validator.ValidateAsync(options);
        }

        var outcomes = _byDocument.GetOrCreateValue(options.Document);
        if (outcomes.TryFind(options.Operation, rules, options.User, out var remembered))
        {
            Interlocked.Increment(ref _hits);
            return remembered;
        }

        Interlocked.Increment(ref _misses);
        var asked = new Asked(options.Operation, rules.ToHashSet(ReferenceEqualityComparer.Instance), Caller.Of(options.User));
        return RememberAsync(_validator.ValidateAsync(options), outcomes, asked);
    }

    private static bool IsRepeatable(IValidationRule rule) =>
        rule is IRepeatableValidationRule or ComplexityValidationRule || SpecificationRules.Contains(rule);

    private static async Task<IValidationResult> RememberAsync(Task<IValidationResult> validating, Outcomes outcomes, Asked asked)
    {
        var result = await validating;
        if (result.IsValid)
        {
            outcomes.Add(asked, Task.FromResult(result));
        }

        return result;
    }

    /// <summary>
    /// What a query was validated for; the document is the key of its <see cref="Outcomes"/>. A query that passed a
    /// set of rules passes any part of it: the document cache leaves out the specification's rules from the second
    /// request on, and GET adds one, which is then validated once more.
    /// </summary>
    private sealed record Asked(GraphQLOperationDefinition Operation, HashSet<object?> Rules, Caller Caller)
    {
        public bool Matches(GraphQLOperationDefinition operation, IEnumerable<IValidationRule> rules, ClaimsPrincipal? user) =>
            ReferenceEquals(Operation, operation) && AllPassed(rules) && Caller.Is(user);

        // A loop, not LINQ: this runs on every request of a remembered query.
        private bool AllPassed(IEnumerable<IValidationRule> rules)
        {
            foreach (var rule in rules)
            {
                if (!Rules.Contains(rule))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The remembered outcomes of one document, newest last.</summary>
    private sealed class Outcomes
    {
        private readonly Lock _gate = new();
        private readonly List<(Asked Asked, Task<IValidationResult> Result)> _entries = [];

        public bool TryFind(GraphQLOperationDefinition operation, IEnumerable<IValidationRule> rules, ClaimsPrincipal? user, out Task<IValidationResult> result)
        {
            lock (_gate)
            {
                foreach (var entry in _entries)
                {
                    if (entry.Asked.Matches(operation, rules, user))
                    {
                        result = entry.Result;
                        return true;
                    }
                }
            }

            result = null!;
            return false;
        }

        public void Add(Asked asked, Task<IValidationResult> result)
        {
            lock (_gate)
            {
                if (_entries.Count == OutcomesPerDocument)
                {
                    _entries.RemoveAt(0);
                }

                _entries.Add((asked, result));
            }
        }
    }

    /// <summary>What the rules may know of a caller: signed in or not, and the roles.</summary>
    private sealed record Caller(bool SignedIn, string[] Roles)
    {
        public static Caller Of(ClaimsPrincipal? user) =>
            new(IsSignedIn(user), [.. RolesOf(user).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

        public bool Is(ClaimsPrincipal? user)
        {
            if (IsSignedIn(user) != SignedIn)
            {
                return false;
            }

            var count = 0;
            foreach (var identity in user?.Identities ?? [])
            {
                foreach (var claim in identity.Claims)
                {
                    if (claim.Type != identity.RoleClaimType)
                    {
                        continue;
                    }

                    if (Array.IndexOf(Roles, claim.Value) < 0)
                    {
                        return false;
                    }

                    count++;
                }
            }

            // A caller with a role twice is told apart, and validated again: harmless.
            return count == Roles.Length;
        }

        private static bool IsSignedIn(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true;

        private static IEnumerable<string> RolesOf(ClaimsPrincipal? user) =>
            user is null ? [] : user.Identities.SelectMany(identity => identity.FindAll(identity.RoleClaimType)).Select(claim => claim.Value);
    }
}
