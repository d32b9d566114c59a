using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ProductDescriber.Host.Tests.PrivateCluster;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// `dotnet run --project Host` with no configuration: a private PostgreSQL cluster is created, migrated and seeded;
/// it needs the password kept in the data folder; a second run reuses it on the same port; Ctrl+C stops the Host
/// and its cluster cleanly.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class ZeroConfigurationStartTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-zero-config-{Guid.NewGuid():N}");

    [Fact]
    public async Task Starts_with_its_own_database_reuses_it_on_the_same_port_and_stops_it_on_ctrl_c()
    {
        var environment = new Dictionary<string, string> { ["Database__DataDirectory"] = _dataDirectory };
        var passwordFile = Path.Combine(_dataDirectory, "postgres.password");

        int port;
        await using (var first = HostProcess.Start(environment))
        {
            var url = await first.WaitForUrlAsync(StartTimeout);
            port = await first.WaitForDatabasePortAsync(StartTimeout);
            Assert.Contains("Initialized a new PostgreSQL cluster", first.Output);
            Assert.Equal("admin", await LoginAsync(url, "admin123"));

            Assert.Contains($"with <password> from {passwordFile}", first.Output);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(passwordFile));
            await ClusterCommands.AssertPasswordRequiredAsync(port);
            await using (var withPassword = await ClusterCommands.ConnectAsync(port, (await File.ReadAllTextAsync(passwordFile)).Trim()))
            {
                Assert.Equal(System.Data.ConnectionState.Open, withPassword.State);
            }

            Assert.Equal(0, await first.InterruptAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")), "The cluster is still running after Ctrl+C.");

        await using (var second = HostProcess.Start(environment))
        {
            var url = await second.WaitForUrlAsync(StartTimeout);
            Assert.Equal(port, await second.WaitForDatabasePortAsync(StartTimeout));
            Assert.DoesNotContain("Initialized a new PostgreSQL cluster", second.Output);
            Assert.Equal("admin", await LoginAsync(url, "admin123"));
            Assert.Equal(0, await second.InterruptAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.False(File.Exists(Path.Combine(_dataDirectory, "pgdata", "postmaster.pid")), "The cluster is still running after Ctrl+C.");

        // Another program took the port meanwhile: the cluster moves and the log says so.
        using (var squatter = new TcpListener(IPAddress.Loopback, port))
        {
            squatter.Start();
            await using var third = HostProcess.Start(environment);
            var url = await third.WaitForUrlAsync(StartTimeout);
            var moved = await third.WaitForDatabasePortAsync(StartTimeout);
            Assert.NotEqual(port, moved);
            Assert.Contains($"Port {port} of the PostgreSQL cluster in {Path.Combine(_dataDirectory, "pgdata")} is taken by another program", third.Output);
            Assert.Equal("admin", await LoginAsync(url, "admin123"));
            Assert.Equal(0, await third.InterruptAsync(TimeSpan.FromSeconds(30)));
        }
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
