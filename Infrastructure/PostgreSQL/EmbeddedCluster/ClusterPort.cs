using System.Net;
using System.Net.Sockets;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>Chooses the loopback port of the private cluster.</summary>
internal static class ClusterPort
{
    /// <summary>
    /// The configured port, else the stored one while it is free, else a new free one: a copied DATABASE_URL keeps
    /// working from start to start unless another program took the port meanwhile, which the log then says.
    /// </summary>
    public static int Choose(int? configured, int? stored, string clusterDirectory, ILogger logger)
    {
        if (configured is { } port)
        {
            return port;
        }

        if (stored is null)
        {
            return PickFreeLoopbackPort();
        }

        if (IsFreeLoopbackPort(stored.Value))
        {
            return stored.Value;
        }

        var moved = PickFreeLoopbackPort();
        logger.LogWarning(
            "Port {Port} of the PostgreSQL cluster in {ClusterDirectory} is taken by another program; the cluster moves to port {NewPort} (update copies of its DATABASE_URL)",
            stored.Value, clusterDirectory, moved);
        return moved;
    }

    private static int PickFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFreeLoopbackPort(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
