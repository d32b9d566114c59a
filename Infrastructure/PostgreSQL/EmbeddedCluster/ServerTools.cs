namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The server programs (initdb, pg_ctl, postgres) of one PostgreSQL installation, run for one cluster folder as
/// <see cref="ServiceUser"/>. Every command the product or its tests give a private cluster goes through here.
/// </summary>
internal sealed class ServerTools(string binDirectory, ClusterFolder folder)
{
    public ClusterFolder Folder => folder;

    /// <summary>The installation for <paramref name="folder"/> (see <see cref="ServerBinaries.Find"/>).</summary>
    public static ServerTools Find(ClusterFolder folder, string? configuredBinDirectory = null) =>
        new(ServerBinaries.Find(configuredBinDirectory, folder.ClusterDirectory), folder);

    public Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct, string? standardInput = null) =>
        // The working folder must be one postgres can enter, or the tools complain about the inherited one (e.g. under /root).
        ServiceUser.RunAsync(Path.Combine(binDirectory, tool), arguments, folder.DataDirectory, ct, standardInput);
}
