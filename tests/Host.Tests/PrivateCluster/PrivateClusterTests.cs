using System.Net;
using System.Net.Sockets;

namespace ProductDescriber.Host.Tests.PrivateCluster;

/// <summary>
/// Who stops the private cluster, and how clusters of earlier versions are brought to password authentication:
/// Host processes on one data folder, killed, stopped and started as an operator would.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class PrivateClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-cluster-{Guid.NewGuid():N}");

    private Dictionary<string, string> Environment => new() { ["Database__DataDirectory"] = _dataDirectory };

    [Fact]
    public async Task A_Host_killed_with_SIGKILL_leaves_its_cluster_to_the_next_Host_which_stops_it_on_exit()
    {
        int postmaster;
        await using (var killed = HostProcess.Start(Environment))
        {
            await killed.WaitForUrlAsync(StartTimeout);
            postmaster = ClusterCommands.PostmasterPid(_dataDirectory) ?? throw new InvalidOperationException("No postmaster.pid");
            await killed.KillAsync();
        }

        Assert.True(ClusterCommands.IsRunning(postmaster), "The cluster should outlive a Host killed with SIGKILL.");

        await using (var next = HostProcess.Start(Environment))
        {
            var url = await next.WaitForUrlAsync(StartTimeout);
            Assert.Contains("Adopting the PostgreSQL server left running", next.Output);
            Assert.Equal(postmaster, ClusterCommands.PostmasterPid(_dataDirectory));
            Assert.Equal("admin", await HostRequests.MeAsync(url, await HostRequests.LoginAsync(url, "admin123")));
            Assert.Equal(0, await next.InterruptAsync(StopTimeout));
        }

        Assert.Null(ClusterCommands.PostmasterPid(_dataDirectory));
        Assert.False(ClusterCommands.IsRunning(postmaster), "The adopted cluster is still running after its Host stopped.");
    }

    [Fact]
    public async Task Two_Hosts_share_a_cluster_which_runs_until_the_last_of_them_stops()
    {
        await using var first = HostProcess.Start(Environment);
        await first.WaitForUrlAsync(StartTimeout);
        var postmaster = ClusterCommands.PostmasterPid(_dataDirectory) ?? throw new InvalidOperationException("No postmaster.pid");

        await using var second = HostProcess.Start(Environment);
        var url = await second.WaitForUrlAsync(StartTimeout);
        Assert.Contains("Sharing the PostgreSQL server", second.Output);
        var token = await HostRequests.LoginAsync(url, "admin123");

        // The Host that started the cluster stops first: the other one keeps its database.
        Assert.Equal(0, await first.InterruptAsync(StopTimeout));
        Assert.Contains("keeps running for 1 other process(es)", first.Output);
        Assert.True(ClusterCommands.IsRunning(postmaster));
        Assert.Equal("admin", await HostRequests.MeAsync(url, token));

        Assert.Equal(0, await second.InterruptAsync(StopTimeout));
        Assert.Null(ClusterCommands.PostmasterPid(_dataDirectory));
        Assert.False(ClusterCommands.IsRunning(postmaster), "The cluster is still running after its last Host stopped.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cluster_of_an_earlier_version_that_trusted_local_users_now_requires_the_password(bool leftRunning)
    {
        // What earlier versions made: initdb -A trust, and a server started with its settings on the command line.
        var cluster = ClusterCommands.ClusterDirectory(_dataDirectory);
        await ClusterCommands.CreateDataDirectoryAsync(_dataDirectory);
        await ClusterCommands.RunAsync(_dataDirectory, "initdb", "-D", cluster, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        int? legacyPort = null;
        if (leftRunning)
        {
            legacyPort = FreePort();
            await ClusterCommands.RunAsync(
                _dataDirectory,
                "pg_ctl", "-D", cluster, "-l", Path.Combine(_dataDirectory, "postgres.log"), "-w", "start",
                "-o", $"-c listen_addresses=127.0.0.1 -p {legacyPort} -k '{_dataDirectory}'");
            await using var trusted = await ClusterCommands.ConnectAsync(legacyPort.Value, password: null);
        }

        await using (var host = HostProcess.Start(Environment))
        {
            var url = await host.WaitForUrlAsync(StartTimeout);
            var port = await host.WaitForDatabasePortAsync(StartTimeout);
            Assert.Contains("trusted every local user", host.Output);
            if (legacyPort is not null)
            {
                Assert.Equal(legacyPort, port);
            }

            await ClusterCommands.AssertPasswordRequiredAsync(port);
            Assert.Equal("admin", await HostRequests.MeAsync(url, await HostRequests.LoginAsync(url, "admin123")));
            Assert.Equal(0, await host.InterruptAsync(StopTimeout));
        }

        Assert.Null(ClusterCommands.PostmasterPid(_dataDirectory));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => ClusterCommands.RemoveAsync(_dataDirectory);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
