using System.Net;
using GraphQL;
using GraphQL.Instrumentation;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using ProductDescriber.GraphQLServer.Validation;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// A query that passed validation skips it when repeated by the same kind of caller (docs/adr/0045), and only then:
/// another role, a signed-out caller, a query with variables, a mutation, or a rule that is not repeatable all validate
/// again, so every refusal still happens.
/// </summary>
public sealed class ValidationOutcomeCacheTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync("validation-outcomes");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ValidationOutcomeCache Cache => _host.GetService<ValidationOutcomeCache>();

    [Fact]
    public async Task A_repeated_query_skips_validation_and_gets_the_same_answer()
    {
        using var admin = await _host.AdminAsync();
        const string query = "query RepeatedMe { me { username role } }";

        var (hits, misses) = (Cache.Hits, Cache.Misses);
        var first = await admin.QueryAsync(query);
        Assert.Equal((hits, misses + 1), (Cache.Hits, Cache.Misses));

        var second = await admin.QueryAsync(query);
        Assert.Equal((hits + 1, misses + 1), (Cache.Hits, Cache.Misses));
        Assert.Equal(first.GetRawText(), second.GetRawText());
    }

    [Fact]
    public async Task An_outcome_remembered_for_an_admin_is_not_used_for_a_member()
    {
        var member = await _host.CreateUserAsync();
        using var admin = await _host.AdminAsync();
        const string query = "query RememberedUserList { users(first: 1) { totalCount } }";
        await admin.QueryAsync(query);
        await admin.QueryAsync(query);
        var hits = Cache.Hits;

        using var client = _host.CreateGraphQLClient(member.Token);
        var refused = await client.PostAsync(query);
        var refusedAgain = await client.PostAsync(query);

        Assert.Equal(hits, Cache.Hits);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (refused.Status, refusedAgain.Status));
        Assert.Equal("FORBIDDEN", Assert.Single(refusedAgain.ErrorCodes));
        Assert.False(refusedAgain.HasData);
    }

    [Fact]
    public async Task An_outcome_remembered_for_a_signed_in_caller_is_not_used_without_a_token()
    {
        using var admin = await _host.AdminAsync();
        const string query = "query RememberedMe { me { id } }";
        await admin.QueryAsync(query);
        await admin.QueryAsync(query);
        var hits = Cache.Hits;

        using var anonymous = _host.CreateGraphQLClient();
        var refused = await anonymous.PostAsync(query);

        Assert.Equal(hits, Cache.Hits);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(refused.ErrorCodes));
    }

    [Fact]
    public async Task A_query_with_variables_is_validated_every_time()
    {
        // Remembering one outcome per set of values would let a client fill memory with ever-new variables.
        using var admin = await _host.AdminAsync();
        const string query = "query PageOf($n: Int) { users(first: $n) { totalCount } }";
        var (hits, misses) = (Cache.Hits, Cache.Misses);

        var one = await admin.PostAsync(query, new { n = 1 });
        var oneAgain = await admin.PostAsync(query, new { n = 1 });
        var notAnInt = await admin.PostAsync(query, new { n = "many" });

        Assert.Equal((hits, misses), (Cache.Hits, Cache.Misses));
        Assert.Equal(one.Data.GetRawText(), oneAgain.Data.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, notAnInt.Status);
        Assert.False(notAnInt.HasData);
    }

    [Fact]
    public async Task A_mutation_is_validated_every_time()
    {
        using var client = _host.CreateGraphQLClient();
        const string query = "mutation NotRemembered { login(input: {username: \"nobody-here\", password: \"Wrong-password-1\"}) { accessToken } }";
        var (hits, misses) = (Cache.Hits, Cache.Misses);

        await client.PostAsync(query);
        await client.PostAsync(query);

        Assert.Equal((hits, misses), (Cache.Hits, Cache.Misses));
    }

    [Fact]
    public async Task A_rule_that_is_not_repeatable_runs_on_every_request()
    {
        var schema = _host.GetService<ISchema>();
        var document = Parser.Parse("query Counted { __typename }");
        var counting = new CountingRule();
        var (hits, misses) = (Cache.Hits, Cache.Misses);

        for (var i = 0; i < 3; i++)
        {
            var result = await Cache.ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
                Rules = [.. DocumentValidator.CoreRules, counting],
                Variables = Inputs.Empty,
                Extensions = Inputs.Empty,
                UserContext = new Dictionary<string, object?>(),
                Metrics = Metrics.None,
            });
            Assert.True(result.IsValid);
        }

        Assert.Equal(3, counting.Runs);
        Assert.Equal((hits, misses), (Cache.Hits, Cache.Misses));
    }

    /// <summary>Counts its runs; unmarked, as a module's rule that reads something at run time would be.</summary>
    private sealed class CountingRule : ValidationRuleBase
    {
        public int Runs { get; private set; }

        public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            Runs++;
            return default;
        }
    }
}
