using System.Diagnostics;
using System.Text.Json;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests.Ide;

/// <summary>
/// The README's first step, done by a first-time visitor in a real browser (headless Chromium driven by
/// tests/ide-browser/first-visit.mjs): <c>/graphql</c> opens Banana Cake Pop on the starter document, not on its
/// welcome screen, its Login and Me run from the IDE's own buttons, and a second visit opens no second copy.
/// </summary>
/// <remarks>One browser launch; most of its minute or two is the IDE's service worker precaching its bundles.</remarks>
public sealed class IdeFirstVisitTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task First_visit_opens_the_starter_document_whose_Login_and_Me_run_in_the_IDE()
    {
        await using var host = await TestHost.StartAsync("ide-first-visit");

        var facts = await VisitAsync(host.GraphQLUrl, TestHost.AdminPassword);

        Assert.True(facts.GetProperty("servedByServiceWorker").GetBoolean(), "The IDE never came through its service worker.");
        Assert.False(facts.GetProperty("welcomeScreen").GetBoolean(), "The IDE opened on its welcome screen.");
        var document = facts.GetProperty("document").GetString() ?? "";
        Assert.Contains("mutation Login", document);
        Assert.Contains("query Me", document);

        var login = facts.GetProperty("login");
        Assert.Equal(JsonValueKind.Object, login.ValueKind);
        Assert.False(string.IsNullOrEmpty(login.GetProperty("data").GetProperty("login").GetProperty("accessToken").GetString()), login.ToString());
        var me = facts.GetProperty("me");
        Assert.Equal(JsonValueKind.Object, me.ValueKind);
        Assert.Equal("admin", me.GetProperty("data").GetProperty("me").GetProperty("username").GetString());
        Assert.Equal(1, facts.GetProperty("tabsOnSecondVisit").GetInt32());
        Assert.Equal(0, facts.GetProperty("pageErrors").GetArrayLength());
    }

    private async Task<JsonElement> VisitAsync(Uri url, string adminPassword)
    {
        var folder = Path.Combine(Repository.Root, "tests", "ide-browser");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")),
            $"playwright-core is not installed: run `npm ci` in {folder}.");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium is not installed at {chromium}: apt-get install chromium (or set CHROMIUM_PATH).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("first-visit.mjs");
        start.ArgumentList.Add(url.ToString());
        start.ArgumentList.Add(adminPassword);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(BrowserTimeout))
        {
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw;
            }
        }

        var text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"first-visit.mjs exited with {node.ExitCode}:\n{text}\n{await stderr}");
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
