using System.Net;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>An operation that outlives <c>GraphQL:ExecutionTimeoutSeconds</c> is cancelled and answered with TIMEOUT.</summary>
public sealed class ExecutionTimeoutTests(TimeoutHostFixture fixture) : IClassFixture<TimeoutHostFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task A_slow_operation_times_out_with_503_under_graphql_response_json()
    {
        var probe = fixture.Host.GetService<HttpTestProbe>();
        var cancelledBefore = probe.CancelledSlowFields;

        var response = await _http.PostJsonAsync("""{"query":"{ slowTestField }"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("TIMEOUT", Assert.Single(response.ErrorCodes));
        Assert.False(response.Graph.HasData, response.ToString());

        // The resolver itself was told to stop, not merely abandoned.
        await Eventually.AssertAsync(() => Assert.True(probe.CancelledSlowFields > cancelledBefore), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_host_still_answers_after_a_timeout()
    {
        await _http.PostJsonAsync("""{"query":"{ slowTestField }"}""", "application/json");

        var response = await _http.PostJsonAsync("""{"query":"{ echo(text: \"alive\") }"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("alive", response.Graph.Data.Json("echo"));
    }
}

public sealed class TimeoutHostFixture : HttpHostFixture
{
    protected override string Name => "timeout";

    protected override Dictionary<string, string?> Settings => new() { ["GraphQL:ExecutionTimeoutSeconds"] = "2" };

    /// <summary>Nothing here needs a token, and a login racing a two-second timeout on a busy machine would be flaky.</summary>
    protected override bool LogsInAdmin => false;
}
