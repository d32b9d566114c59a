namespace ProductDescriber.Host.Tests;

/// <summary>
/// Tests that run the Host as separate processes on private clusters: one at a time, since each start initializes,
/// migrates and stops whole clusters, which is what several of them assert on (ports, processes, log lines).
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostProcessCollection
{
    public const string Name = "Host processes";
}
