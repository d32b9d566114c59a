using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.GraphQLServer.Validation;
using ProductDescriber.GraphQLServer.WebSockets;

namespace ProductDescriber.GraphQLServer.Sessions;

/// <summary>
/// Ends the open connections of a user whose sessions were revoked on any Host (<see cref="SessionsRevoked"/>). The
/// bus delivers at most once and only while listening, so the sessions of all open connections are also checked
/// every <see cref="GraphQLWebSocketOptions.SessionRecheckSeconds"/> and each time the bus listens again after losing
/// its connection (sockets check again before every operation too). See docs/adr/0008.
/// </summary>
internal sealed class SessionRevocationListener(IEventBus bus, LiveConnections connections, IOptions<GraphQLWebSocketOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One pending sweep is enough: requests that arrive while one is waiting or running fold into it.
        var sweeps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        // Subscribed before the first await, so before the Host accepts its first connection.
        using var revoked = bus.Observe(SessionsRevoked.Topic).Subscribe(new Observer(payload =>
        {
            if (SessionsRevoked.FromPayload(payload) is { } revocation)
            {
                connections.Revoke(revocation.UserId);
            }
        }));
        using var resumed = bus.Observe(IEventBus.ResumedTopic).Subscribe(new Observer(_ => sweeps.Writer.TryWrite(true)));
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

    private sealed class Observer(Action<string> onNext) : IObserver<string>
    {
        public void OnNext(string value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
