using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.WebSockets;

namespace ProductDescriber.GraphQLServer.Sessions;

/// <summary>
/// Ends the open connections of a user whose sessions were revoked on any Host (<see cref="ISessionRevocationFeed"/>,
/// which Identity feeds from its events). Notices arrive at most once and only while listening, so the sessions of
/// all open connections are also checked every <see cref="GraphQLWebSocketOptions.SessionRecheckSeconds"/> and each
/// time the feed says notices may have been lost (sockets check again before every operation too). See docs/adr/0008.
/// </summary>
internal sealed class SessionRevocationListener(ISessionRevocationFeed revocations, LiveConnections connections, IOptions<GraphQLWebSocketOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One pending sweep is enough: requests that arrive while one is waiting or running fold into it.
        var sweeps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        // Subscribed before the first await, so before the Host accepts its first connection.
        using var revoked = revocations.Subscribe(new Observer(revocation =>
        {
            if (revocation.UserId is { } userId)
            {
                connections.Revoke(userId);
            }
            else
            {
                sweeps.Writer.TryWrite(true);
            }
        }));
        var ticking = TickAsync(sweeps.Writer, TimeSpan.FromSeconds(Math.Max(1, options.Value.SessionRecheckSeconds)), stoppingToken);

        try
        {
            await foreach (var _ in sweeps.Reader.ReadAllAsync(stoppingToken))
            {
                await connections.RecheckAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await ticking;
    }

    private static async Task TickAsync(ChannelWriter<bool> sweeps, TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                sweeps.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Observer(Action<RevokedSessions> onNext) : IObserver<RevokedSessions>
    {
        public void OnNext(RevokedSessions value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
