using Microsoft.Extensions.Logging.Abstractions;
using ProductDescriber.Host.Tests.PrivateCluster;
using ProductDescriber.PostgreSQL.EmbeddedCluster;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Subscriptions;

/// <summary>
/// A change made while the bus was disconnected (PostgreSQL restarted under the Host: no event can reach anyone)
/// still reaches the subscriber: the bus signals that it listens again and the watch reads the state again.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class LiveStateResumeTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-livestate-{Guid.NewGuid():N}");
    private EmbeddedPostgres _cluster = null!;

    [Fact]
    public async Task A_change_missed_while_PostgreSQL_restarted_is_sent_once_the_bus_listens_again()
    {
        await using var host = await TestHost.StartAsync("livestate", connectionString: _cluster.ConnectionString);
        var state = new WatchedState();
        var recorder = new StreamRecorder<WatchedState.Snapshot>();
        using var subscription = state.Watch(host.Services).Subscribe(recorder);
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], recorder.Values.Select(v => v.Status)));

        await ClusterCommands.StopImmediatelyAsync(_dataDirectory);
        state.Status = "RUNNING";
        await ClusterCommands.StartAsync(_dataDirectory);

        await Eventually.AssertAsync(() => Assert.Equal(["PENDING", "RUNNING"], recorder.Values.Select(v => v.Status)), TimeSpan.FromSeconds(60));
    }

    public async Task InitializeAsync() =>
        _cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(_dataDirectory, Database: "postgres"), NullLogger.Instance);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await ClusterCommands.RemoveAsync(_dataDirectory);
    }
}
