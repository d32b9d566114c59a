using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using GraphQL;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;

namespace ProductDescriber.GraphQLServer.Validation;

/// <summary>
/// Remembers that a query passed validation, so the same query from a caller of the same kind skips what it can of it
/// (docs/adr/0045): the same document object (from the <see cref="Transport.DocumentCache"/>), operation and rules,
/// and a caller signed in or not alike with the same roles. Only when every rule is repeatable
/// (<see cref="IRepeatableValidationRule"/>, the specification's rules, the complexity rule), and only for queries:
/// anything else is validated on every request as before.
/// <list type="bullet">
/// <item>Sent without variables, a repeated query reuses the whole result.</item>
/// <item>Sent with variables, it skips the rules whose work is all done before the variables are read (their
/// document visitors); the variables' coercion, the arguments' parsing and every rule that looks at them (the
/// complexity, the introspection size) run on every request. Values are never kept, so ever-new variables cost no
/// memory.</item>
/// </list>
/// </summary>
internal sealed class ValidationOutcomeCache : IDocumentValidator
{
    /// <summary>Outcomes kept per document: one per operation and kind of caller, the oldest replaced first.</summary>
    public const int OutcomesPerDocument = 16;

    private static readonly ConcurrentDictionary<Type, bool> WorksAfterFirstWalk = new();

    private readonly DocumentValidator _validator = new();
    private readonly ConditionalWeakTable<GraphQLDocument, Outcomes> _byDocument = [];
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        var rules = options.Rules ?? DocumentValidator.CoreRules;
        if (options.Operation?.Operation != OperationType.Query || !rules.All(IsRepeatable))
        {
            return _validator.ValidateAsync(options);
        }

        var withoutVariables = options.Variables is not { Count: > 0 };
        var outcomes = _byDocument.GetOrCreateValue(options.Document);
        if (outcomes.TryFind(options.Operation, rules, options.User, out var remembered))
        {
            Interlocked.Increment(ref _hits);
            if (withoutVariables && remembered.Result is { } result)
            {
                return result;
            }

            var remaining = _validator.ValidateAsync(new ValidationOptions
            {
                Schema = options.Schema,
                Document = options.Document,
                Rules = [.. rules.Where(ReadsVariablesOrArguments)],
                UserContext = options.UserContext,
                Metrics = options.Metrics,
                Variables = options.Variables,
                Extensions = options.Extensions,
                Operation = options.Operation,
                RequestServices = options.RequestServices,
                User = options.User,
                CancellationToken = options.CancellationToken,
            });
            return withoutVariables ? RememberResultAsync(remaining, remembered) : remaining;
        }

        Interlocked.Increment(ref _misses);
        var asked = new Asked(options.Operation, rules.ToHashSet(ReferenceEqualityComparer.Instance), Caller.Of(options.User));
        return RememberAsync(_validator.ValidateAsync(options), outcomes, asked, withoutVariables);
    }

    private static bool IsRepeatable(IValidationRule rule) =>
        rule is IRepeatableValidationRule or ComplexityValidationRule || SpecificationRules.Contains(rule);

    /// <summary>
    /// Whether a rule does work after the document's first walk: on the variables' values, or on the arguments parsed
    /// with them. A rule not built on <see cref="ValidationRuleBase"/> cannot be told apart, so it always runs.
    /// </summary>
    private static bool ReadsVariablesOrArguments(IValidationRule rule) =>
        WorksAfterFirstWalk.GetOrAdd(rule.GetType(), static type =>
            !typeof(ValidationRuleBase).IsAssignableFrom(type)
            || Overrides(type, nameof(ValidationRuleBase.GetVariableVisitorAsync))
            || Overrides(type, nameof(ValidationRuleBase.GetPostNodeVisitorAsync)));

    private static bool Overrides(Type type, string method) =>
        type.GetMethod(method, [typeof(ValidationContext)])?.DeclaringType != typeof(ValidationRuleBase);

    /// <summary>A success proves the rules of the first walk passed for this kind of caller; without variables the result itself is kept too.</summary>
    private static async Task<IValidationResult> RememberAsync(Task<IValidationResult> validating, Outcomes outcomes, Asked asked, bool keepResult)
    {
        var result = await validating;
        if (result.IsValid)
        {
            outcomes.Add(new Outcome(asked) { Result = keepResult ? Task.FromResult(result) : null });
        }

        return result;
    }

    private static async Task<IValidationResult> RememberResultAsync(Task<IValidationResult> validating, Outcome outcome)
    {
        var result = await validating;
        if (result.IsValid)
        {
            outcome.Result = Task.FromResult(result);
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

    /// <summary>
    /// That a query passed the rules of <see cref="Asked"/>; <see cref="Result"/> is the whole result of the query
    /// sent without variables, once there is one.
    /// </summary>
    private sealed class Outcome(Asked asked)
    {
        public Asked Asked { get; } = asked;

        public Task<IValidationResult>? Result { get; set; }
    }

    /// <summary>The remembered outcomes of one document, newest last.</summary>
    private sealed class Outcomes
    {
        private readonly Lock _gate = new();
        private readonly List<Outcome> _entries = [];

        public bool TryFind(GraphQLOperationDefinition operation, IEnumerable<IValidationRule> rules, ClaimsPrincipal? user, out Outcome found)
        {
            lock (_gate)
            {
                foreach (var entry in _entries)
                {
                    if (entry.Asked.Matches(operation, rules, user))
                    {
                        found = entry;
                        return true;
                    }
                }
            }

            found = null!;
            return false;
        }

        public void Add(Outcome outcome)
        {
            lock (_gate)
            {
                if (_entries.Count == OutcomesPerDocument)
                {
                    _entries.RemoveAt(0);
                }

                _entries.Add(outcome);
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
