using System.Diagnostics;
using System.Text.RegularExpressions;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>
/// The reference audit suite of npm <c>graphql-http</c> (tests/conformance/audit.mjs) against the real Host.
/// Every MUST has to pass; the full report goes to the test output so SHOULD and MAY failures stay visible.
/// </summary>
public sealed partial class GraphQLHttpAuditTests(AuditHostFixture fixture, ITestOutputHelper output) : IClassFixture<AuditHostFixture>
{

    [Fact]
    public async Task Every_audit_passes_with_a_token()
    {
        var audit = await RunAuditAsync(fixture.AdminToken);

        Assert.True(audit.ExitCode == 0, $"The audit failed (exit {audit.ExitCode}); see the output.");
        Assert.Equal(0, audit.Failed);
        Assert.Equal(61, audit.Passed);
    }

    [Fact]
    public async Task Without_a_token_only_the_get_audits_fail_on_the_csrf_guard()
    {
        var audit = await RunAuditAsync(token: null);

        Assert.True(audit.ExitCode == 0, $"A MUST failed without a token (exit {audit.ExitCode}); see the output.");
        Assert.Equal(0, audit.Failed);
        Assert.Equal(["5A70", "6A70", "D6D5"], audit.NotOk.Order());
        Assert.Contains("preflight", audit.Output);
    }

    private async Task<AuditRun> RunAuditAsync(string? token)
    {
        var conformance = Path.Combine(Repository.Root, "tests", "conformance");
        Assert.True(
            Directory.Exists(Path.Combine(conformance, "node_modules", "graphql-http")),
            $"graphql-http is not installed: run `npm ci` in {conformance} first.");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = conformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("audit.mjs");
        start.ArgumentList.Add(fixture.Host.GraphQLUrl.ToString());
        if (token is not null)
        {
            start.ArgumentList.Add(token);
        }

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("Could not run `node`: install Node.js 20 or later (the audit is the npm package graphql-http).", exception);
        }

        using var process = started ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;

        // Indented so that the audit's own closing line is not mistaken for this test run's summary.
        foreach (var line in text.Split('\n'))
        {
            output.WriteLine("| " + line.TrimEnd('\r'));
        }

        var summary = Summary().Match(text);
        Assert.True(summary.Success, "The audit printed no `N passed, N failed` line.");
        return new AuditRun(
            process.ExitCode,
            int.Parse(summary.Groups["passed"].Value),
            int.Parse(summary.Groups["failed"].Value),
            [.. NotOk().Matches(text).Select(m => m.Groups["id"].Value)],
            text);
    }

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\[(MUST|SHOULD|MAY)\] (?<id>\w+) ", RegexOptions.Multiline)]
    private static partial Regex NotOk();

    private sealed record AuditRun(int ExitCode, int Passed, int Failed, string[] NotOk, string Output);
}

public sealed class AuditHostFixture : HttpHostFixture
{
    protected override string Name => "audit";
}
