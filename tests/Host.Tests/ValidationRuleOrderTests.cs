using System.Collections.Concurrent;
using System.Net;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Validation;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// A module adds a validation rule with a stage, and the server places it (docs/adr/0021). The order is visible to
/// clients: it decides which error comes first on one field, and which cost limit answers a document that breaks
/// several. These rules stand for a module's; they act only on fields under their own aliases.
/// </summary>
public sealed class ValidationRuleOrderTests(ValidationRuleOrderTests.ModuleRulesFixture fixture) : IClassFixture<ValidationRuleOrderTests.ModuleRulesFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task On_one_field_authorization_answers_before_a_module_document_rule()
    {
        using var anonymous = _host.CreateGraphQLClient();

        var response = await anonymous.PostAsync("{ refusedByModule: me { username } }");

        Assert.Equal($"UNAUTHENTICATED,{DocumentStageRule.Code}", string.Join(',', response.ErrorCodes));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task A_module_document_rule_runs_on_a_cached_document_too()
    {
        using var admin = await _host.AdminAsync();
        const string query = "query ModuleRuleOnCachedDocument { me { username } }";
        var rule = _host.GetService<DocumentStageRule>();
        var hits = _host.GetService<DocumentCache>().Hits;

        await admin.QueryAsync(query);
        await admin.QueryAsync(query);

        Assert.Equal(hits + 1, _host.GetService<DocumentCache>().Hits);
        Assert.Equal(2, rule.Validated.Count(name => name == "ModuleRuleOnCachedDocument"));
    }

    [Fact]
    public async Task A_document_over_the_servers_depth_limit_gets_that_error_not_a_module_cost_rules()
    {
        using var admin = await _host.AdminAsync();

        var response = await admin.PostAsync("{ costlyForModule: me { username } " + TooDeep + " }");

        Assert.Equal("COMPLEXITY", Assert.Single(response.ErrorCodes));
        Assert.Contains("depth", response.Errors[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_module_cost_rule_answers_a_document_within_the_servers_limits()
    {
        using var admin = await _host.AdminAsync();

        var response = await admin.PostAsync("{ costlyForModule: me { username } }");

        Assert.Equal(CostStageRule.Code, Assert.Single(response.ErrorCodes));
    }

    [Fact]
    public async Task A_module_cost_rule_never_sees_a_document_refused_in_the_first_pass()
    {
        using var anonymous = _host.CreateGraphQLClient();

        var response = await anonymous.PostAsync("{ costlyForModule: me { username } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
    }

    /// <summary>Nested <c>ofType</c> well past the default depth limit (15); introspection counts for depth, not complexity.</summary>
    private static string TooDeep =>
        "__type(name: \"Query\") { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 16)) + "name" + new string('}', 16) + " } } }";

    public sealed class ModuleRulesFixture : HostFixture
    {
        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddGraphQLRule<DocumentStageRule>(GraphQLRuleStage.Document);
            services.AddGraphQLRule<CostStageRule>(GraphQLRuleStage.Cost);
        }
    }

    /// <summary>Refuses a field aliased <c>refusedByModule</c>, and notes the name of every operation it validates.</summary>
    internal sealed class DocumentStageRule : ValidationRuleBase
    {
        public const string Code = "MODULE_DOCUMENT_RULE";

        public ConcurrentQueue<string?> Validated { get; } = new();

        public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            Validated.Enqueue(context.Operation.Name?.StringValue);
            return new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
            {
                if (field.Alias?.Name.Value == "refusedByModule")
                {
                    ctx.ReportError(new ValidationError(ctx.Document.Source, null, "Refused by a module's document rule.", field) { Code = Code });
                }
            }));
        }
    }

    /// <summary>Refuses an operation with a field aliased <c>costlyForModule</c>, as a module's budget would, unless an earlier rule refused it.</summary>
    internal sealed class CostStageRule : ValidationRuleBase
    {
        public const string Code = "MODULE_COST_RULE";

        public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
        {
            if (!context.HasErrors && context.Operation.SelectionSet.Selections.OfType<GraphQLField>().Any(f => f.Alias?.Name.Value == "costlyForModule"))
            {
                context.ReportError(new ValidationError(context.Document.Source, null, "Too costly for a module's budget.") { Code = Code });
            }

            return default;
        }
    }
}
