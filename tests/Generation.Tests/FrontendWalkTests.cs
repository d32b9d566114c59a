using System.Diagnostics;
using System.Text.Json;
using ProductDescriber.Generation.Tests.Support;
using Xunit.Abstractions;

namespace ProductDescriber.Generation.Tests;

/// <summary>
/// tests/ws-client/frontend-walk.mjs against a real Host (Kestrel port, private PostgreSQL, Offline provider): the
/// product walked as a browser walks it, in plain JavaScript with Node's own fetch and FormData and the reference
/// graphql-ws client, so nothing .NET-side (our clients, our serializer) hides a transport or contract mistake.
/// </summary>
public sealed class FrontendWalkTests(GenerationHostFixture fixture, ITestOutputHelper output) : IClassFixture<GenerationHostFixture>
{
    [Fact]
    public async Task A_browser_like_client_logs_in_uploads_analyses_generates_and_downloads_two_16_9_pictures()
    {
        var folder = Path.Combine(Repository.Root, "tests", "ws-client");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "graphql-ws")),
            $"node_modules is missing: run `npm ci` in {folder}");

        var (exitCode, stdout, stderr) = await RunWalkAsync(folder);

        output.WriteLine(stderr);
        output.WriteLine(stdout);
        Assert.True(exitCode == 0, $"frontend-walk.mjs exited with {exitCode}:\n{stderr}\n{stdout}");

        // The script checked each step; this reads its summary back to assert the outcome from outside.
        using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = summary.RootElement;
        Assert.Equal(2, root.GetProperty("photos").GetInt32());
        Assert.Equal("SUCCEEDED", root.GetProperty("analysis").GetProperty("states").EnumerateArray().Last().GetString());
        var generation = root.GetProperty("generation");
        Assert.Equal("SUCCEEDED:2", generation.GetProperty("states").EnumerateArray().Last().GetString());

        var images = root.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal([0, 1], images.Select(i => i.GetProperty("index").GetInt32()));
        Assert.All(images, image =>
        {
            Assert.Equal((1024, 576), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
            Assert.Equal(generation.Json("requestId"), image.Json("xmpRequestId"));
        });
        Assert.Equal(["256x144", "256x144"], root.GetProperty("gallery").GetProperty("thumbnails").EnumerateArray().Select(t => t.GetString()));

        // The request the script made is the one the Host stored, with both files.
        var row = await fixture.Host.RequestRowAsync(generation.Json("requestId")!);
        Assert.Equal(2, row.ImagesDone);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunWalkAsync(string folder)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("frontend-walk.mjs");
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(fixture.Host.BaseAddress.ToString());
        start.ArgumentList.Add("--username");
        start.ArgumentList.Add("admin");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_1.png"));
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_2.png"));
        start.Environment["PD_PASSWORD"] = TestHost.AdminPassword;

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw new TimeoutException($"frontend-walk.mjs did not finish:\n{await stderr}");
            }
        }

        return (node.ExitCode, await stdout, await stderr);
    }
}
