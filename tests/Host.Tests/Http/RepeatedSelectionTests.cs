using System.Diagnostics;
using System.Net;
using System.Text;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>
/// Documents that repeat selections (the same field, aliases, fragments spread many times or fanning out, nested
/// repetition) are refused in time linear in their size, before validation, which is quadratic in them: anonymously,
/// on a Production Host. Before the selections were counted right after parsing, 20,000 <c>__typename</c> took
/// 10 s of CPU to refuse and 45,000 took 53 s.
/// </summary>
public sealed class RepeatedSelectionTests(RepeatedSelectionTests.ProductionHost fixture, ITestOutputHelper output) : IClassFixture<RepeatedSelectionTests.ProductionHost>
{
    /// <summary>Generous for one request on a loaded 2-core machine; the refused documents take milliseconds.</summary>
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(2);

    public static TheoryData<string> Shapes => [.. Documents.Keys];

    private static Dictionary<string, string> Documents => new()
    {
        ["__typename x 20,000"] = Braces(Repeat(20_000, _ => "__typename")),
        ["__typename x 45,000"] = Braces(Repeat(45_000, _ => "__typename")),
        ["aliases x 45,000"] = Braces(Repeat(45_000, i => $"a{i}: __typename")),
        ["one fragment spread 10,000 times"] = Braces(Repeat(10_000, _ => "...F")) + " fragment F on Query { __typename }",
        ["fragments fanning out 3 ways over 14 levels"] = "{ ...F0 } " + string.Concat(Enumerable.Range(0, 14).Select(i => $"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} ...F{i + 1} }} ")) + "fragment F14 on Query { __typename }",
        ["repeated inside an object"] = "{ me { " + Repeat(20_000, _ => "id") + " } }",
        ["repeated inside nested objects"] = "{ __schema { queryType { fields { " + Repeat(20_000, _ => "name") + " } } } }",
        ["repeated in a fragment no operation spreads"] = "{ __typename } fragment Unused on Query { " + Repeat(45_000, _ => "__typename") + " }",
        ["repeated in fragments that spread each other"] = "{ ...A } fragment A on Query { ...B " + Repeat(20_000, _ => "__typename") + " } fragment B on Query { ...A }",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_document_repeating_selections_is_refused_at_once_and_anonymously(string shape)
    {
        var query = Documents[shape];

        var clock = Stopwatch.StartNew();
        var response = await fixture.Http.PostJsonAsync(RawHttp.Json(new { query }));
        clock.Stop();

        output.WriteLine($"{shape}: {query.Length / 1000.0:F0} kB, {(int)response.Status} in {clock.ElapsedMilliseconds} ms: {response.Body[..Math.Min(300, response.Body.Length)]}");
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString()[..Math.Min(500, response.Body.Length)]);
        Assert.False(response.HasDataEntry);
        Assert.Equal("COMPLEXITY", Assert.Single(response.ErrorCodes));
        Assert.Contains(response.ErrorMessages, m => m.Contains("fields", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < Refused, $"{shape} took {clock.ElapsedMilliseconds} ms to refuse.");
    }

    [Fact]
    public async Task Fragments_are_counted_each_time_they_are_spread_yet_a_document_within_the_limit_runs()
    {
        // 9 fields spread 100 times: 900 selections, under the 1,000 limit.
        var query = Braces(Repeat(100, _ => "...F")) + " fragment F on Query { " + Repeat(9, i => $"a{i}: __typename") + " }";

        var response = await fixture.Http.PostJsonAsync(RawHttp.Json(new { query }));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("Query", response.Graph.Data.Json("a8"));
    }

    private static string Repeat(int count, Func<int, string> selection) =>
        new StringBuilder(count * 12).AppendJoin(' ', Enumerable.Range(0, count).Select(selection)).ToString();

    private static string Braces(string selections) => "{ " + selections + " }";

    /// <summary>A Production Host, warmed up so the first timed request does not pay for JIT compilation.</summary>
    public sealed class ProductionHost : HttpHostFixture
    {
        protected override string Name => "repeated_selections";

        protected override Dictionary<string, string?> Settings => new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        protected override bool LogsInAdmin => false;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await Http.PostJsonAsync(RawHttp.Json(new { query = "{ __typename a: __typename }" }));
            await Http.PostJsonAsync(RawHttp.Json(new { query = "{ __typename __typename }" }));
        }
    }
}
