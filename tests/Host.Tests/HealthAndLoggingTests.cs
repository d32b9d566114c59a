using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests;

public sealed class HealthAndLoggingTests(HealthAndLoggingTests.LoggedHost fixture) : IClassFixture<HealthAndLoggingTests.LoggedHost>
{
    private readonly CapturedLogs _logs = fixture.Logs;
    private readonly TestHost _host = fixture.Host;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_a_token(string path)
    {
        using var http = _host.CreateClient();
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_fails_when_the_database_is_gone()
    {
        await using var host = await TestHost.StartAsync("health_gone");
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await using (var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(host.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            var database = new Npgsql.NpgsqlConnectionStringBuilder(host.ConnectionString).Database;
            // FORCE ends the Host's sessions (pool, event bus, job scheduler) first; on a loaded machine that can take
            // longer than the default 30 s command timeout.
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", connection) { CommandTimeout = 180 };
            await drop.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Each_operation_writes_one_structured_line_with_name_user_and_outcome()
    {
        using var admin = await _host.AdminAsync();
        await admin.QueryAsync("query WhoAmI { me { username } }");

        var operations = _logs.Lines.Where(l => l.Category.EndsWith("GraphQLExecutor", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(operations, l => l.Values.GetValueOrDefault("Operation") as string == "WhoAmI");
        Assert.Equal("http", line.Values["Transport"]);
        Assert.Equal("ok", line.Values["Outcome"]);
        Assert.Equal(1L, line.Values["UserId"]);
        Assert.IsType<double>(line.Values["ElapsedMs"]);

        using var anonymous = _host.CreateGraphQLClient();
        await anonymous.PostAsync("query Denied { me { username } }");
        var denied = Assert.Single(operations = [.. _logs.Lines.Where(l => l.Category.EndsWith("GraphQLExecutor", StringComparison.Ordinal))], l => l.Values.GetValueOrDefault("Operation") as string == "Denied");
        Assert.Equal("errors:UNAUTHENTICATED", denied.Values["Outcome"]);
    }

    [Fact]
    public async Task Passwords_and_tokens_never_reach_the_logs()
    {
        var wrongPassword = $"Wrong-{Guid.NewGuid():N}";
        using var client = _host.CreateGraphQLClient();
        await client.PostAsync("mutation($p: String!) { login(input: {username: \"admin\", password: $p}) { accessToken } }", new { p = wrongPassword });
        var token = await client.LoginAsync("admin", TestHost.AdminPassword);
        await client.QueryAsync("{ me { username } }");

        var everything = string.Join('\n', _logs.Lines.Select(l => l.Message + l.Exception + string.Join(',', l.Values.Values)));
        Assert.DoesNotContain(wrongPassword, everything);
        Assert.DoesNotContain(TestHost.AdminPassword, everything);
        Assert.DoesNotContain(token, everything);
        Assert.DoesNotContain(token.Split('.')[2], everything);
        Assert.DoesNotContain(TestHost.SecretKey, everything);
    }

    /// <summary>A host whose every log line is captured.</summary>
    public sealed class LoggedHost : HostFixture
    {
        internal CapturedLogs Logs { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" };

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }
}
