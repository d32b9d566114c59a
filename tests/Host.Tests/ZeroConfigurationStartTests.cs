using System.Net.Http.Json;
using System.Text.Json;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// `dotnet run --project Host` with no configuration: a private PostgreSQL cluster is created, migrated and seeded;
/// a second run reuses it; Ctrl+C stops the Host and its cluster cleanly.
/// </summary>
public sealed class ZeroConfigurationStartTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-zero-config-{Guid.NewGuid():N}");

    [Fact]
    public async Task Starts_with_its_own_database_reuses_it_and_stops_it_on_ctrl_c()
    {
        var environment = new Dictionary<string, string> { ["Database__DataDirectory"] = _dataDirectory };

        await using (var first = HostProcess.Start(environment))
        {
            var url = await first.WaitForUrlAsync(StartTimeout);
            Assert.Contains("Initialized a new PostgreSQL cluster", first.Output);
            Assert.Equal("admin", await LoginAsync(url, "admin123"));
            Assert.Equal(0, await first.InterruptAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")), "The cluster is still running after Ctrl+C.");

        await using (var second = HostProcess.Start(environment))
        {
            var url = await second.WaitForUrlAsync(StartTimeout);
            Assert.DoesNotContain("Initialized a new PostgreSQL cluster", second.Output);
            Assert.Equal("admin", await LoginAsync(url, "admin123"));
            Assert.Equal(0, await second.InterruptAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")), "The cluster is still running after Ctrl+C.");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> LoginAsync(Uri url, string password)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(url, new
        {
            query = "mutation($p: String!) { login(input: {username: \"admin\", password: $p}) { user { username } errors { code } } }",
            variables = new { p = password },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data").GetProperty("login").GetProperty("user").GetProperty("username").GetString()!;
    }
}
